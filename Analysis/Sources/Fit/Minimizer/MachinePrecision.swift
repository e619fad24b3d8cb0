/// Minuit's machine precision as its ComputePrecision finds it for doubles: eps = 8 × 2⁻⁵³
/// (the smallest power of two that still changes 1, times 8) and eps2 = 2·√eps.
enum MachinePrecision {
    static let eps: Double = 4 * Double.ulpOfOne
    static let eps2: Double = 2 * (4 * Double.ulpOfOne).squareRoot()
}
