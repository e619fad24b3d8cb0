import Foundation

extension FitResult {
    /// A MINUIT-style report: the function-minimum box (FCN, EDM, calls, validity), the parameter
    /// table with HESSE and MINOS errors and limits, and the correlation matrix.
    public func report() -> String {
        let half = 36
        func cell(_ s: String, _ w: Int, center: Bool = true) -> String {
            let n = s.count
            if n >= w { return String(s.prefix(w)) }
            if !center { return " " + s + String(repeating: " ", count: w - n - 1) }
            let left = (w - n) / 2
            return String(repeating: " ", count: left) + s + String(repeating: " ", count: w - n - left)
        }
        func row(_ a: String, _ b: String) -> String { "│" + cell(a, half) + "│" + cell(b, half) + "│" }
        let line = String(repeating: "─", count: half)
        var out: [String] = []
        out.append("┌" + line + "─" + line + "┐")
        out.append("│" + cell(method, 2 * half + 1) + "│")
        out.append("├" + line + "┬" + line + "┤")
        var fcnText = "FCN = \(Self.format(fcn))"
        if let c = chi2PerNdf { fcnText += " (χ²/ndof = \(Self.format(c, digits: 4)))" }
        out.append("│" + cell(fcnText, half, center: false) + "│" + cell("Nfcn = \(nfcn)", half) + "│")
        let edmText = "EDM = \(Self.format(edm, digits: 3)) (Goal: \(Self.format(edmGoal, digits: 3)))"
        let pText = pValue.map { "p-value = \(Self.format($0, digits: 3)) (ndof \(ndf ?? 0))" } ?? ""
        out.append("│" + cell(edmText, half, center: false) + "│" + cell(pText, half) + "│")
        out.append("├" + line + "┼" + line + "┤")
        out.append(row(isValid ? "Valid Minimum" : "INVALID Minimum",
                       isAboveMaxEdm ? "ABOVE EDM threshold (goal x 10)" : "Below EDM threshold (goal x 10)"))
        out.append("├" + line + "┼" + line + "┤")
        out.append(row(hasParametersAtLimit ? "SOME parameters at limit" : "No parameters at limit",
                       hasReachedCallLimit ? "ABOVE call limit" : "Below call limit"))
        out.append("├" + line + "┼" + line + "┤")
        let hesseText = hesseFailed ? "Hesse FAILED" : (hasCovariance ? "Hesse ok" : "No covariance")
        let covText = hasAccurateCovariance ? "Covariance accurate"
            : (hasMadePosDefCovariance ? "Covariance FORCED pos. def." : "Covariance APPROXIMATE")
        out.append(row(hesseText, covText))
        out.append("└" + line + "┴" + line + "┘")

        let nameWidth = max(4, parameters.map(\.name.count).max() ?? 4)
        let headers = ["", "Name", "Value", "Hesse Err", "Minos Err-", "Minos Err+", "Limit-", "Limit+", "Fixed"]
        let widths = [3, nameWidth + 2, 13, 12, 12, 12, 10, 10, 7]
        func tableRow(_ cells: [String]) -> String {
            "│" + zip(cells, widths).enumerated().map { i, cw in cell(cw.0, cw.1, center: i != 1) }
                .joined(separator: "│") + "│"
        }
        func rule(_ l: String, _ m: String, _ r: String) -> String {
            l + widths.map { String(repeating: "─", count: $0) }.joined(separator: m) + r
        }
        out.append(rule("┌", "┬", "┐"))
        out.append(tableRow(headers))
        out.append(rule("├", "┼", "┤"))
        for (i, p) in parameters.enumerated() {
            out.append(tableRow([
                "\(i)", p.name, Self.format(p.value), Self.format(p.error, digits: 4),
                p.minosLower.map { Self.format($0, digits: 4) } ?? "", p.minosUpper.map { "+" + Self.format($0, digits: 4) } ?? "",
                p.lowerLimit.map { Self.format($0, digits: 4) } ?? "", p.upperLimit.map { Self.format($0, digits: 4) } ?? "",
                p.isFixed ? "yes" : "",
            ]))
        }
        out.append(rule("└", "┴", "┘"))

        if let corr = correlation {
            let free = parameters.indices.filter { !parameters[$0].isFixed }
            if free.count > 1 {
                let w = max(7, nameWidth + 1)
                out.append("Correlation:")
                out.append(String(repeating: " ", count: nameWidth + 1)
                    + free.map { cell(parameters[$0].name, w) }.joined())
                for i in free {
                    out.append(cell(parameters[i].name, nameWidth + 1, center: false)
                        + free.map { cell(String(format: "%+.3f", corr[i][$0]), w) }.joined())
                }
            }
        }
        return out.joined(separator: "\n")
    }

    /// The result as a JSON object (numbers that are not finite become null).
    public var jsonObject: [String: Any] {
        func num(_ v: Double?) -> Any { v.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        var params: [String: Any] = [:]
        for p in parameters {
            params[p.name] = [
                "value": num(p.value), "error": num(p.error), "minos_lower": num(p.minosLower),
                "minos_upper": num(p.minosUpper), "lower_limit": num(p.lowerLimit), "upper_limit": num(p.upperLimit),
                "fixed": p.isFixed, "at_limit": p.isAtLimit,
            ] as [String: Any]
        }
        let matrix: ([[Double]]?) -> Any = { m in m.map { $0.map { $0.map { num($0) } } } ?? NSNull() }
        return [
            "method": method, "valid": isValid, "fcn": num(fcn), "edm": num(edm), "edm_goal": num(edmGoal),
            "nfcn": nfcn, "errordef": errordef, "parameter_order": parameters.map(\.name), "parameters": params,
            "covariance": matrix(covariance), "correlation": matrix(correlation),
            "ndata": ndata.map { $0 as Any } ?? NSNull(), "ndf": ndf.map { $0 as Any } ?? NSNull(),
            "chi2_ndf": num(chi2PerNdf), "pvalue": num(pValue),
            "flags": [
                "has_valid_parameters": hasValidParameters, "has_covariance": hasCovariance,
                "has_accurate_covar": hasAccurateCovariance, "has_posdef_covar": hasPosDefCovariance,
                "has_made_posdef_covar": hasMadePosDefCovariance, "hesse_failed": hesseFailed,
                "is_above_max_edm": isAboveMaxEdm, "has_reached_call_limit": hasReachedCallLimit,
                "has_parameters_at_limit": hasParametersAtLimit,
            ],
        ]
    }

    public func jsonString(pretty: Bool = true) -> String {
        let options: JSONSerialization.WritingOptions = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        guard let data = try? JSONSerialization.data(withJSONObject: jsonObject, options: options),
              let s = String(data: data, encoding: .utf8)
        else { return "{}" }
        return s
    }

    static func format(_ v: Double, digits: Int = 6) -> String {
        guard v.isFinite else { return "\(v)" }
        return String(format: "%.\(digits)g", v)
    }
}

extension FitResult {
    /// The summary ROOT's Fitter prints after `TH1::Fit` with Minuit2 (`Chi2`/`MinFCN`, `NDf`, `Edm`,
    /// `NCalls`, then `name = value +/- error` with limits and fixed flags).
    public func rootStyleReport(minimizer: String = "Minuit2 / Migrad") -> String {
        func row(_ name: String, _ value: String) -> String {
            name.padding(toLength: 26, withPad: " ", startingAt: 0) + "= " + value
        }
        func number(_ v: Double) -> String {
            let s = Self.format(v, digits: 6)
            return String(repeating: " ", count: max(0, 12 - s.count)) + s
        }
        var lines = ["", "****************************************", "Minimizer is \(minimizer)"]
        if let ndf {
            lines.append(row("Chi2", number(fcn)))
            lines.append(row("NDf", String(repeating: " ", count: max(0, 12 - String(ndf).count)) + String(ndf)))
        } else {
            lines.append(row("MinFCN", number(fcn)))
        }
        lines.append(row("Edm", number(edm)))
        lines.append(row("NCalls", String(repeating: " ", count: max(0, 12 - String(nfcn).count)) + String(nfcn)))
        for p in parameters {
            var text = number(p.value)
            if p.isFixed {
                text += "     \t (fixed)"
            } else {
                text += "   +/-  " + Self.format(p.error, digits: 6)
                if let lo = p.minosLower, let up = p.minosUpper {
                    text += "  (MINOS " + Self.format(lo, digits: 4) + ", +" + Self.format(up, digits: 4) + ")"
                }
                if p.lowerLimit != nil || p.upperLimit != nil {
                    let lo = p.lowerLimit.map { Self.format($0, digits: 6) } ?? "-inf"
                    let up = p.upperLimit.map { Self.format($0, digits: 6) } ?? "+inf"
                    text += " \t (limited [\(lo), \(up)])"
                }
                if p.isAtLimit { text += " \t (at limit)" }
            }
            lines.append(row(p.name, text))
        }
        if !isValid { lines.append("FIT INVALID: " + (hasReachedCallLimit ? "call limit reached" : isAboveMaxEdm ? "EDM above goal × 10" : "error matrix not valid")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
