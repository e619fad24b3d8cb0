/// How one side of a MINOS interval ended.
public enum MinosOutcome: String, Sendable, Codable {
    case valid, atLimit = "at_limit", callLimit = "call_limit", newMinimum = "new_minimum", failed
}

/// One MINOS interval (lower is negative).
public struct MinosError: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    public var lowerOutcome: MinosOutcome
    public var upperOutcome: MinosOutcome
    public var nfcn: Int
    /// As MINUIT: a side that ends at a parameter limit is still valid.
    public var isValid: Bool {
        [lowerOutcome, upperOutcome].allSatisfy { $0 == .valid || $0 == .atLimit }
    }
}

/// MnFunctionCross: where the profile of the cost (others re-minimised) crosses F_min + up.
struct FunctionCross {
    let cost: ([Double]) -> Double
    let up: Double
    let fmin: Double
    let strategy: Strategy

    struct Crossing {
        var aopt: Double
        var outcome: MinosOutcome
        var nfcn: Int
    }

    /// Minimises the others with the scanned parameter fixed at pmid + a·pdir.
    private final class Profile {
        var state: UserState
        let cost: ([Double]) -> Double
        let up: Double
        let strategy: Strategy
        let par: Int
        init(state: UserState, cost: @escaping ([Double]) -> Double, up: Double, strategy: Strategy, par: Int) {
            self.state = state; self.cost = cost; self.up = up; self.strategy = strategy; self.par = par
        }
        func minimize(at value: Double, maxCalls: Int, tolerance: Double) -> (FunctionMinimum, Int) {
            state.parameters[par].value = value
            let fcn = CountingFunction(function: cost, transformation: Transformation(state.parameters), up: up)
            let start = fcn.transformation.internalValues()
            let m = Migrad(strategy: strategy).minimize(fcn, start: start, initialInvHessian: state.invHessian,
                                                        maxCalls: maxCalls, tolerance: tolerance)
            let newState = UserState(minimum: m)
            // The next point starts from this minimum and its error matrix (MnApplication keeps its state).
            state.parameters = newState.parameters
            state.invHessian = newState.invHessian
            state.covariance = newState.covariance
            return (m, fcn.calls)
        }
    }

    func callAsFunction(state: UserState, par: Int, pmid: Double, pdir: Double, tolerance: Double, maxCalls: Int)
        -> Crossing
    {
        let eps = MachinePrecision.eps
        var nfcn = 0
        let mgrTolerance = 0.5 * tolerance
        let tlr = 0.01
        let tlf = tlr * up
        var tla = tlr
        let maxitr = 30
        var ipt = 0
        let aminsv = fmin
        let aim = aminsv + up
        var aopt = 0.0
        var limset = false
        var alsb = [0.0, 0.0, 0.0], flsb = [0.0, 0.0, 0.0]

        var aulim = 100.0
        let p = state.parameters[par]
        if pdir > 0, let up = p.upper {
            if abs(pdir) < eps { if abs(up - pmid) < eps { limset = true } } else { aulim = min(aulim, (up - pmid) / pdir) }
        } else if pdir < 0, let lo = p.lower {
            if abs(pdir) < eps { if abs(lo - pmid) < eps { limset = true } } else { aulim = min(aulim, (lo - pmid) / pdir) }
        }
        if limset { return Crossing(aopt: 0, outcome: .atLimit, nfcn: 0) }
        if aulim < aopt + tla { limset = true }

        let profile = Profile(state: state, cost: cost, up: up, strategy: Strategy(max(0, strategy.level - 1)),
                              par: par)
        func run(_ a: Double) -> (FunctionMinimum, MinosOutcome?) {
            let (m, calls) = profile.minimize(at: pmid + a * pdir, maxCalls: maxCalls, tolerance: mgrTolerance)
            nfcn += calls
            if m.state.fval < fmin - tlf { return (m, .newMinimum) }
            if m.hasReachedCallLimit { return (m, .callLimit) }
            if !m.isValid { return (m, .failed) }
            if limset && m.state.fval < aim { return (m, .atLimit) }
            return (m, nil)
        }

        func parabolaPhase(ibestIn: Int) -> Crossing {
            var ibest = ibestIn
            repeat {
                let parbol = Parabola((alsb[0], flsb[0]), (alsb[1], flsb[1]), (alsb[2], flsb[2]))
                let c = parbol.c, b = parbol.b, a = parbol.a
                let determ = b * b - 4 * a * (c - aim)
                if determ < MachinePrecision.eps { return Crossing(aopt: aopt, outcome: .failed, nfcn: nfcn) }
                let rt = determ.squareRoot()
                let x1 = (-b + rt) / (2 * a), x2 = (-b - rt) / (2 * a)
                let s1 = b + 2 * x1 * a, s2 = b + 2 * x2 * a
                aopt = x1
                var slope = s1
                if s2 > 0 { aopt = x2; slope = s2 }
                tla = tlr
                if abs(aopt) > 1 { tla = tlr * abs(aopt) }
                if abs(aopt - alsb[ibest]) < tla && abs(flsb[ibest] - aim) < tlf {
                    return Crossing(aopt: aopt, outcome: .valid, nfcn: nfcn)
                }
                var ileft = 3, iright = 3, iout = 3
                ibest = 0
                var ecarmx = 0.0
                var ecarmn = abs(aim - flsb[0])
                for i in 0..<3 {
                    let ecart = abs(flsb[i] - aim)
                    if ecart < ecarmn { ecarmn = ecart; ibest = i }
                    if ecart > ecarmx { ecarmx = ecart }
                    if flsb[i] > aim {
                        if iright == 3 { iright = i } else if flsb[i] > flsb[iright] { iout = i } else { iout = iright; iright = i }
                    } else if ileft == 3 {
                        ileft = i
                    } else if flsb[i] < flsb[ileft] {
                        iout = i
                    } else {
                        iout = ileft; ileft = i
                    }
                }
                guard iout < 3, ileft < 3, iright < 3 else { return Crossing(aopt: aopt, outcome: .failed, nfcn: nfcn) }
                if ecarmx > 10 * abs(flsb[iout] - aim) { aopt = 0.5 * (aopt + 0.5 * (alsb[iright] + alsb[ileft])) }
                var smalla = 0.1 * tla
                if slope * smalla > tlf { smalla = tlf / slope }
                let aleft = alsb[ileft] + smalla
                let aright = alsb[iright] - smalla
                if aopt < aleft { aopt = aleft }
                if aopt > aright { aopt = aright }
                if aleft > aright { aopt = 0.5 * (aleft + aright) }
                limset = false
                if aopt > aulim { aopt = aulim; limset = true }
                let (m, stop) = run(aopt)
                if let stop { return Crossing(aopt: aopt, outcome: stop, nfcn: nfcn) }
                ipt += 1
                alsb[iout] = aopt
                flsb[iout] = m.state.fval
                ibest = iout
            } while ipt < maxitr
            return Crossing(aopt: aopt, outcome: .failed, nfcn: nfcn)
        }

        let (min0, stop0) = run(aopt)
        if let stop0 { return Crossing(aopt: aopt, outcome: stop0, nfcn: nfcn) }
        ipt += 1
        alsb[0] = 0
        flsb[0] = max(min0.state.fval, aminsv + 0.1 * up)
        aopt = (up / (flsb[0] - aminsv)).squareRoot() - 1
        if abs(flsb[0] - aim) < tlf { return Crossing(aopt: aopt, outcome: .valid, nfcn: nfcn) }
        aopt = min(max(aopt, -0.5), 1)
        limset = false
        if aopt > aulim { aopt = aulim; limset = true }

        let (min1, stop1) = run(aopt)
        if let stop1 { return Crossing(aopt: aopt, outcome: stop1, nfcn: nfcn) }
        ipt += 1
        alsb[1] = aopt
        flsb[1] = min1.state.fval
        var dfda = (flsb[1] - flsb[0]) / (alsb[1] - alsb[0])

        // Phase 1: find two points with positive slope, then a straight-line guess; phase 2: parabolas.
        searchSlope: while true {
            if dfda < 0 {
                let maxlk = maxitr - ipt
                var it = 0
                while it < maxlk {
                    alsb[0] = alsb[1]
                    flsb[0] = flsb[1]
                    aopt = alsb[0] + 0.2 * Double(it + 1)
                    limset = false
                    if aopt > aulim { aopt = aulim; limset = true }
                    let (m, stop) = run(aopt)
                    if let stop { return Crossing(aopt: aopt, outcome: stop, nfcn: nfcn) }
                    ipt += 1
                    alsb[1] = aopt
                    flsb[1] = m.state.fval
                    dfda = (flsb[1] - flsb[0]) / (alsb[1] - alsb[0])
                    if dfda > 0 { break }
                    it += 1
                }
                if ipt > maxitr { return Crossing(aopt: aopt, outcome: .failed, nfcn: nfcn) }
            }
            straightLine: while true {
                aopt = alsb[1] + (aim - flsb[1]) / dfda
                let fdist = min(abs(aim - flsb[0]), abs(aim - flsb[1]))
                let adist = min(abs(aopt - alsb[0]), abs(aopt - alsb[1]))
                tla = tlr
                if abs(aopt) > 1 { tla = tlr * abs(aopt) }
                if adist < tla && fdist < tlf { return Crossing(aopt: aopt, outcome: .valid, nfcn: nfcn) }
                if ipt > maxitr { return Crossing(aopt: aopt, outcome: .failed, nfcn: nfcn) }
                let bmin = min(alsb[0], alsb[1]) - 1
                if aopt < bmin { aopt = bmin }
                let bmax = max(alsb[0], alsb[1]) + 1
                if aopt > bmax { aopt = bmax }
                limset = false
                if aopt > aulim { aopt = aulim; limset = true }
                let (min2, stop2) = run(aopt)
                if let stop2 { return Crossing(aopt: aopt, outcome: stop2, nfcn: nfcn) }
                ipt += 1
                alsb[2] = aopt
                flsb[2] = min2.state.fval
                var ecarmn = abs(flsb[2] - aim)
                var ecarmx = 0.0
                var ibest = 2, iworst = 0, noless = 0
                for i in 0..<3 {
                    let ecart = abs(flsb[i] - aim)
                    if ecart > ecarmx { ecarmx = ecart; iworst = i }
                    if ecart < ecarmn { ecarmn = ecart; ibest = i }
                    if flsb[i] < aim { noless += 1 }
                }
                if noless == 1 || noless == 2 {
                    return parabolaPhase(ibestIn: ibest)
                }
                if noless == 0 && ibest != 2 { return Crossing(aopt: aopt, outcome: .failed, nfcn: nfcn) }
                if noless == 3 && ibest != 2 {
                    alsb[1] = alsb[2]
                    flsb[1] = flsb[2]
                    continue searchSlope
                }
                flsb[iworst] = flsb[2]
                alsb[iworst] = alsb[2]
                dfda = (flsb[1] - flsb[0]) / (alsb[1] - alsb[0])
                continue straightLine
            }
        }
    }

}
