/// One parameter of a fit result.
public struct FittedParameter: Sendable, Codable, Equatable {
    public var name: String
    public var value: Double
    public var error: Double
    public var minosLower: Double?
    public var minosUpper: Double?
    public var lowerLimit: Double?
    public var upperLimit: Double?
    public var isFixed: Bool
    /// Closer to a limit than half its error (iminuit's rule), where HESSE errors are unreliable.
    public var isAtLimit: Bool
}

/// Everything a fit produced: values, errors, covariance and correlation, FCN, EDM, call counts,
/// validity flags and, for χ²-like costs, χ²/ndf and its p-value.
public struct FitResult: Sendable, Codable, Equatable {
    public var method: String
    public var parameters: [FittedParameter]
    /// Covariance over all parameters (rows/columns of fixed ones are zero); nil without an error matrix.
    public var covariance: [[Double]]?
    public var correlation: [[Double]]?
    public var fcn: Double
    public var edm: Double
    public var edmGoal: Double
    public var nfcn: Int
    public var errordef: Double
    public var isValid: Bool
    public var hasValidParameters: Bool
    public var hasCovariance: Bool
    public var hasAccurateCovariance: Bool
    public var hasPosDefCovariance: Bool
    public var hasMadePosDefCovariance: Bool
    public var hesseFailed: Bool
    public var isAboveMaxEdm: Bool
    public var hasReachedCallLimit: Bool
    public var hasParametersAtLimit: Bool
    public var ndata: Int?
    public var ndf: Int?
    public var chi2PerNdf: Double?
    public var pValue: Double?

    public subscript(name: String) -> FittedParameter? { parameters.first { $0.name == name } }
    public var values: [Double] { parameters.map(\.value) }
    public var errors: [Double] { parameters.map(\.error) }

    init(minuit: Minuit, minimum: FunctionMinimum?, method: String) {
        self.method = method
        let params = minuit.parameters
        let cov = minimum.flatMap { m -> SymmetricMatrix? in
            m.state.error.isValid
                ? m.transformation.externalCovariance(internal: m.state.x, invHessian: m.state.error.invHessian, up: m.up)
                : nil
        }
        let free = params.indices.filter { !params[$0].isFixed }
        var atLimitAny = false
        parameters = params.map { p in
            // iminuit's rule: within half an error of a limit.
            var atLimit = false
            if !p.isFixed {
                let distance = min(p.value - (p.lower ?? -.infinity), (p.upper ?? .infinity) - p.value)
                atLimit = distance < 0.5 * p.step
            }
            atLimitAny = atLimitAny || atLimit
            let me = minuit.minosErrors[p.name]
            return FittedParameter(name: p.name, value: p.value, error: p.isFixed ? 0 : p.step,
                                   minosLower: me?.lower, minosUpper: me?.upper, lowerLimit: p.lower,
                                   upperLimit: p.upper, isFixed: p.isFixed, isAtLimit: atLimit)
        }
        if let cov {
            let n = params.count
            var full = Array(repeating: Array(repeating: 0.0, count: n), count: n)
            for (a, ea) in free.enumerated() { for (b, eb) in free.enumerated() { full[ea][eb] = cov[a, b] } }
            covariance = full
            correlation = (0..<n).map { i in
                (0..<n).map { j in
                    let d = (full[i][i] * full[j][j]).squareRoot()
                    return d > 0 ? full[i][j] / d : (i == j ? 1 : 0)
                }
            }
        }
        let error = minimum?.state.error
        fcn = minimum?.state.fval ?? minuit.cost.value(params.map(\.value))
        edm = minimum?.state.edm ?? 0
        edmGoal = minimum?.edmGoal ?? 0.002 * minuit.tolerance * minuit.errordef
        nfcn = minuit.nfcn
        errordef = minuit.errordef
        isValid = minimum?.isValid ?? false
        hasValidParameters = minimum != nil
        hasCovariance = error?.isAvailable ?? false
        hasAccurateCovariance = error?.isAccurate ?? false
        hasPosDefCovariance = error?.status == .posDef
        hasMadePosDefCovariance = error?.status == .madePosDef
        hesseFailed = error?.status == .hesseFailed || error?.status == .invertFailed
        isAboveMaxEdm = minimum?.isAboveMaxEdm ?? false
        hasReachedCallLimit = minimum?.hasReachedCallLimit ?? false
        hasParametersAtLimit = atLimitAny
        ndata = minuit.cost.dataCount
        if let nd = ndata, minuit.cost.isChi2Distributed {
            let dof = nd - free.count
            ndf = dof
            if dof > 0 {
                chi2PerNdf = fcn / Double(dof)
                pValue = chiSquareSurvival(fcn, dof: Double(dof))
            }
        }
    }
}
