/// One fit parameter as the user sets it up: start value, initial step, limits, fixed or free.
public struct ParameterSettings: Sendable, Equatable {
    public var name: String
    public var value: Double
    /// Initial step (MINUIT's "error"); iminuit's default is 1% of |value|, or 0.1 for 0.
    public var step: Double
    public var lower: Double?
    public var upper: Double?
    public var isFixed: Bool

    public init(name: String, value: Double, step: Double? = nil, lower: Double? = nil, upper: Double? = nil,
                isFixed: Bool = false) {
        self.name = name
        self.value = value
        self.step = step ?? (value != 0 ? 0.01 * abs(value) : 0.1)
        self.lower = lower
        self.upper = upper
        self.isFixed = isFixed
    }

    var transform: ParameterTransform { ParameterTransform(lower: lower, upper: upper) }
}

/// The internal ↔ external mapping over all parameters (fixed ones are left out of the internal vector).
struct Transformation: Sendable {
    var parameters: [ParameterSettings]
    /// External index of each internal (free) parameter.
    var externalOfInternal: [Int]

    init(_ parameters: [ParameterSettings]) {
        self.parameters = parameters
        externalOfInternal = parameters.indices.filter { !parameters[$0].isFixed }
    }

    var freeCount: Int { externalOfInternal.count }

    func transform(internal i: Int) -> ParameterTransform { parameters[externalOfInternal[i]].transform }
    func hasLimits(internal i: Int) -> Bool { transform(internal: i).hasLimits }

    func toExternal(internal i: Int, _ v: Double) -> Double { transform(internal: i).toExternal(v) }
    func toInternal(external e: Int, _ x: Double) -> Double { parameters[e].transform.toInternal(x) }

    /// Full external parameter vector for an internal vector (fixed parameters keep their values).
    func externalValues(_ x: [Double]) -> [Double] {
        var out = parameters.map(\.value)
        for (i, e) in externalOfInternal.enumerated() { out[e] = parameters[e].transform.toExternal(x[i]) }
        return out
    }

    func internalValues() -> [Double] {
        externalOfInternal.map { parameters[$0].transform.toInternal(parameters[$0].value) }
    }

    /// External covariance of the free parameters from the internal inverse Hessian (Jacobian sandwich).
    func externalCovariance(internal x: [Double], invHessian v: SymmetricMatrix, up: Double) -> SymmetricMatrix {
        var out = SymmetricMatrix(size: v.size)
        let d = (0..<v.size).map { transform(internal: $0).derivative(x[$0]) }
        for i in 0..<v.size { for j in i..<v.size { out[i, j] = 2 * up * d[i] * v[i, j] * d[j] } }
        return out
    }
}
