/// Parameters in external coordinates after a step, with the internal inverse Hessian kept for seeding
/// the next minimisation (MnUserParameterState).
struct UserState {
    var parameters: [ParameterSettings]
    /// Inverse Hessian in internal coordinates of the free parameters, when valid.
    var invHessian: SymmetricMatrix?
    /// External covariance of the free parameters (already 2·up·J V J).
    var covariance: SymmetricMatrix?

    init(parameters: [ParameterSettings]) {
        self.parameters = parameters
    }

    init(minimum: FunctionMinimum) {
        let trafo = minimum.transformation
        let st = minimum.state
        var params = trafo.parameters
        let valid = st.error.isValid
        for (i, e) in trafo.externalOfInternal.enumerated() {
            let t = params[e].transform
            params[e].value = t.toExternal(st.x[i])
            // Without a valid error matrix MINUIT reports the state's step sizes (zero after MIGRAD).
            let internalError = valid ? (2 * minimum.up * st.error.invHessian[i, i]).squareRoot() : (st.dirin?[i] ?? 0)
            params[e].step = t.externalError(internalValue: st.x[i], internalError: internalError)
        }
        parameters = params
        if valid {
            invHessian = st.error.invHessian
            covariance = trafo.externalCovariance(internal: st.x, invHessian: st.error.invHessian, up: minimum.up)
        }
    }

    var freeIndices: [Int] { parameters.indices.filter { !parameters[$0].isFixed } }

    /// Fixes a parameter, removing it from the covariance the way MINUIT squeezes it.
    mutating func fix(_ e: Int) {
        guard !parameters[e].isFixed else { return }
        if let i = freeIndices.firstIndex(of: e) {
            invHessian = invHessian?.squeezed(removing: i)
            covariance = covariance?.squeezed(removing: i)
        }
        parameters[e].isFixed = true
    }
}
