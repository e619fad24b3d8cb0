/// A parabola y = a x² + b x + c through three points (MnParabolaFactory).
struct Parabola {
    let a: Double, b: Double, c: Double

    init(_ p1: (x: Double, y: Double), _ p2: (x: Double, y: Double), _ p3: (x: Double, y: Double)) {
        var x1 = p1.x, x2 = p2.x, x3 = p3.x
        let dx12 = x1 - x2, dx13 = x1 - x3, dx23 = x2 - x3
        let xm = (x1 + x2 + x3) / 3
        x1 -= xm; x2 -= xm; x3 -= xm
        let (y1, y2, y3) = (p1.y, p2.y, p3.y)
        let a = y1 / (dx12 * dx13) - y2 / (dx12 * dx23) + y3 / (dx13 * dx23)
        var b = -y1 * (x2 + x3) / (dx12 * dx13) + y2 * (x1 + x3) / (dx12 * dx23) - y3 * (x1 + x2) / (dx13 * dx23)
        var c = y1 - a * x1 * x1 - b * x1
        c += xm * (xm * a - b)
        b -= 2 * xm * a
        (self.a, self.b, self.c) = (a, b, c)
    }

    var minimum: Double { -b / (2 * a) }
}

/// MINUIT's parabolic line search (MnLineSearch) along `step` from `x`; `gdel` = step·gradient.
/// Returns the best multiple of `step` found and the function value there.
func lineSearch(_ fcn: CountingFunction, x: [Double], fval: Double, step: [Double], gdel: Double)
    -> (lambda: Double, fval: Double)
{
    let eps = MachinePrecision.eps, eps2 = MachinePrecision.eps2
    var overal = 1000.0, undral = -100.0
    let toler = 0.05, slambg = 5.0, alpha = 2.0
    let maxiter = 12
    var niter = 1
    var slamin = 0.0
    for i in 0..<step.count where step[i] != 0 {
        let ratio = abs(x[i] / step[i])
        if slamin == 0 || ratio < slamin { slamin = ratio }
    }
    if abs(slamin) < eps { slamin = eps }
    slamin *= eps2

    func at(_ lambda: Double) -> Double { fcn(zip(x, step).map { $0 + lambda * $1 }) }

    let f0 = fval
    let f1 = at(1)
    niter += 1
    var fvmin = fval, xvmin = 0.0
    if f1 < f0 { fvmin = f1; xvmin = 1 }
    var toler8 = toler
    var slamax = slambg
    var flast = f1
    var slam = 1.0
    var p0 = (x: 0.0, y: f0)
    var p1 = (x: slam, y: flast)
    var f2 = 0.0
    var iterate = false
    repeat {
        iterate = false
        let denom = 2 * (flast - f0 - gdel * slam) / (slam * slam)
        slam = denom != 0 ? -gdel / denom : 1
        if slam < 0 { slam = slamax }
        if slam > slamax { slam = slamax }
        if slam < toler8 { slam = toler8 }
        if slam < slamin { return (xvmin, fvmin) }
        if abs(slam - 1) < toler8 && p1.y < p0.y { return (xvmin, fvmin) }
        if abs(slam - 1) < toler8 { slam = 1 + toler8 }
        f2 = at(slam)
        niter += 1
        if f2 < fvmin { fvmin = f2; xvmin = slam }
        if abs(p0.y - fvmin) < abs(fvmin) * eps {
            iterate = true
            flast = f2
            toler8 = toler * slam
            overal = slam - toler8
            slamax = overal
            p1 = (slam, flast)
        }
    } while iterate && niter < maxiter
    if niter >= maxiter { return (xvmin, fvmin) }

    var p2 = (x: slam, y: f2)
    repeat {
        slamax = max(slamax, alpha * abs(xvmin))
        let pb = Parabola(p0, p1, p2)
        if pb.a < eps2 {
            let slopem = 2 * pb.a * xvmin + pb.b
            slam = slopem < 0 ? xvmin + slamax : xvmin - slamax
        } else {
            slam = pb.minimum
            if slam > xvmin + slamax { slam = xvmin + slamax }
            if slam < xvmin - slamax { slam = xvmin - slamax }
        }
        if slam > 0 {
            if slam > overal { slam = overal }
        } else if slam < undral {
            slam = undral
        }
        var f3 = 0.0
        repeat {
            iterate = false
            let toler9 = max(toler8, abs(toler8 * slam))
            if abs(p0.x - slam) < toler9 || abs(p1.x - slam) < toler9 || abs(p2.x - slam) < toler9 {
                return (xvmin, fvmin)
            }
            f3 = at(slam)
            if f3 > p0.y && f3 > p1.y && f3 > p2.y {
                if slam > xvmin { overal = min(overal, slam - toler8) }
                if slam < xvmin { undral = max(undral, slam + toler8) }
                slam = 0.5 * (slam + xvmin)
                iterate = true
                niter += 1
            }
        } while iterate && niter < maxiter
        if niter >= maxiter { return (xvmin, fvmin) }

        let p3 = (x: slam, y: f3)
        if p0.y > p1.y && p0.y > p2.y {
            p0 = p3
        } else if p1.y > p0.y && p1.y > p2.y {
            p1 = p3
        } else {
            p2 = p3
        }
        if f3 < fvmin {
            fvmin = f3
            xvmin = slam
        } else {
            if slam > xvmin { overal = min(overal, slam - toler8) }
            if slam < xvmin { undral = max(undral, slam + toler8) }
        }
        niter += 1
    } while niter < maxiter
    return (xvmin, fvmin)
}
