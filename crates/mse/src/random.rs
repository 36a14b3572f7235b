//! Random variates for the samplers, on a xoshiro256++ generator: uniform, normal (ziggurat),
//! gamma (Marsaglia-Tsang), beta, binomial (inversion and Hörmann's BTRD), Poisson (inversion and
//! Hörmann's PTRS), negative binomial (gamma-Poisson) and multinomial (conditional binomials).
//!
//! Written here rather than taken from a crate because the sampler's speed is the speed of these
//! few functions, and because the exact algorithms must stay fixed for results to be reproducible
//! for a seed. Every algorithm is exact (rejection or inversion), never an approximation.
//!
//! Streams: [`Variates::stream`] gives generator `index` of a seed, its 256-bit state filled by
//! SplitMix64 from the seed and the index together, so chains and strata get their own streams
//! whatever thread runs them (two streams overlapping within a run is as unlikely as two random
//! 256-bit states falling within 2^40 steps of each other).

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};

/// Layers of the normal ziggurat.
const ZIGGURAT_LAYERS: usize = 128;
/// The rightmost layer's edge for 128 layers (Marsaglia and Tsang 2000).
const ZIGGURAT_R: f64 = 3.442619855899;
/// The area of each layer for 128 layers.
const ZIGGURAT_V: f64 = 9.91256303526217e-3;
/// Layers of the exponential ziggurat.
const EXP_LAYERS: usize = 256;
/// The rightmost layer's edge for 256 layers.
const EXP_R: f64 = 7.697117470131487;
/// The area of each layer for 256 layers.
const EXP_V: f64 = 3.949659822581572e-3;
/// `ln k!` is looked up below this and computed from Stirling's series above it.
const LN_FACTORIAL_TABLE: usize = 4096;

/// A generator and the tables its variates need.
pub(crate) struct Variates {
    rng: Xoshiro256PlusPlus,
    // Ziggurat tables: `kn` integer thresholds, `wn` widths, `fn_` densities at the layer edges.
    kn: [u32; ZIGGURAT_LAYERS],
    wn: [f64; ZIGGURAT_LAYERS],
    fn_: [f64; ZIGGURAT_LAYERS],
    // The exponential ziggurat's tables, likewise.
    ke: [u32; EXP_LAYERS],
    we: [f64; EXP_LAYERS],
    fe: [f64; EXP_LAYERS],
    ln_factorial: Vec<f64>,
}

impl Variates {
    /// Stream `index` of `seed`.
    pub(crate) fn stream(seed: u64, index: u64) -> Variates {
        let mut from_seed = seed;
        let mut from_index = index ^ 0x6A09_E667_F3BC_C908;
        let mut state = [0u8; 32];
        for word in state.chunks_exact_mut(8) {
            let mixed = splitmix64(&mut from_seed) ^ splitmix64(&mut from_index).rotate_left(17);
            word.copy_from_slice(&mixed.to_le_bytes());
        }
        Variates::from_rng(Xoshiro256PlusPlus::from_seed(state))
    }

    fn from_rng(rng: Xoshiro256PlusPlus) -> Variates {
        let mut kn = [0u32; ZIGGURAT_LAYERS];
        let mut wn = [0f64; ZIGGURAT_LAYERS];
        let mut fn_ = [0f64; ZIGGURAT_LAYERS];
        // The tables of Marsaglia and Tsang's RNOR, for 31-bit magnitudes.
        let m1 = 2147483648.0;
        let mut dn = ZIGGURAT_R;
        let mut tn = dn;
        let q = ZIGGURAT_V / (-0.5 * dn * dn).exp();
        kn[0] = ((dn / q) * m1) as u32;
        kn[1] = 0;
        wn[0] = q / m1;
        wn[ZIGGURAT_LAYERS - 1] = dn / m1;
        fn_[0] = 1.0;
        fn_[ZIGGURAT_LAYERS - 1] = (-0.5 * dn * dn).exp();
        for i in (1..ZIGGURAT_LAYERS - 1).rev() {
            dn = (-2.0 * (ZIGGURAT_V / dn + (-0.5 * dn * dn).exp()).ln()).sqrt();
            kn[i + 1] = ((dn / tn) * m1) as u32;
            tn = dn;
            fn_[i] = (-0.5 * dn * dn).exp();
            wn[i] = dn / m1;
        }
        let mut ke = [0u32; EXP_LAYERS];
        let mut we = [0f64; EXP_LAYERS];
        let mut fe = [0f64; EXP_LAYERS];
        let m2 = 4294967296.0;
        let mut de = EXP_R;
        let mut te = de;
        let q = EXP_V / (-de).exp();
        ke[0] = ((de / q) * m2) as u32;
        ke[1] = 0;
        we[0] = q / m2;
        we[EXP_LAYERS - 1] = de / m2;
        fe[0] = 1.0;
        fe[EXP_LAYERS - 1] = (-de).exp();
        for i in (1..EXP_LAYERS - 1).rev() {
            de = -(EXP_V / de + (-de).exp()).ln();
            ke[i + 1] = ((de / te) * m2) as u32;
            te = de;
            fe[i] = (-de).exp();
            we[i] = de / m2;
        }
        let mut ln_factorial = Vec::with_capacity(LN_FACTORIAL_TABLE);
        let mut sum = 0.0f64;
        ln_factorial.push(0.0);
        for k in 1..LN_FACTORIAL_TABLE {
            sum += (k as f64).ln();
            ln_factorial.push(sum);
        }
        Variates { rng, kn, wn, fn_, ke, we, fe, ln_factorial }
    }

    /// 64 random bits.
    #[inline(always)]
    pub(crate) fn bits(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// Uniform on [0, 1), in steps of 2^-53.
    #[inline(always)]
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.bits() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on (0, 1], safe to take the logarithm of.
    #[inline(always)]
    pub(crate) fn uniform_positive(&mut self) -> f64 {
        ((self.bits() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by the ziggurat: the top 32 bits give sign and magnitude, the low 7 the
    /// layer, so the two are independent (Doornik's remedy for the original's correlation).
    #[inline(always)]
    pub(crate) fn normal(&mut self) -> f64 {
        let bits = self.bits();
        let hz = (bits >> 32) as u32 as i32;
        let iz = (bits & 127) as usize;
        if hz.unsigned_abs() < self.kn[iz] {
            return hz as f64 * self.wn[iz];
        }
        self.normal_tail(hz, iz)
    }

    #[cold]
    fn normal_tail(&mut self, mut hz: i32, mut iz: usize) -> f64 {
        loop {
            let x = hz as f64 * self.wn[iz];
            if iz == 0 {
                // The base strip's tail beyond R, by Marsaglia's exponential method.
                loop {
                    let x = -self.uniform_positive().ln() / ZIGGURAT_R;
                    let y = -self.uniform_positive().ln();
                    if y + y >= x * x {
                        return if hz > 0 { ZIGGURAT_R + x } else { -ZIGGURAT_R - x };
                    }
                }
            }
            if self.fn_[iz] + self.uniform() * (self.fn_[iz - 1] - self.fn_[iz]) < (-0.5 * x * x).exp() {
                return x;
            }
            let bits = self.bits();
            hz = (bits >> 32) as u32 as i32;
            iz = (bits & 127) as usize;
            if hz.unsigned_abs() < self.kn[iz] {
                return hz as f64 * self.wn[iz];
            }
        }
    }

    /// Standard exponential by the ziggurat (top 32 bits the magnitude, low 8 the layer).
    #[inline(always)]
    pub(crate) fn exponential(&mut self) -> f64 {
        let bits = self.bits();
        let jz = (bits >> 32) as u32;
        let iz = (bits & 255) as usize;
        if jz < self.ke[iz] {
            return jz as f64 * self.we[iz];
        }
        self.exponential_tail(jz, iz)
    }

    #[cold]
    fn exponential_tail(&mut self, mut jz: u32, mut iz: usize) -> f64 {
        loop {
            if iz == 0 {
                return EXP_R - self.uniform_positive().ln();
            }
            let x = jz as f64 * self.we[iz];
            if self.fe[iz] + self.uniform() * (self.fe[iz - 1] - self.fe[iz]) < (-x).exp() {
                return x;
            }
            let bits = self.bits();
            jz = (bits >> 32) as u32;
            iz = (bits & 255) as usize;
            if jz < self.ke[iz] {
                return jz as f64 * self.we[iz];
            }
        }
    }

    /// Gamma(shape, 1) for shape ≥ 1, by Marsaglia and Tsang (2000), with a squeeze that tightens
    /// as the shape grows and one 64-bit word for both the normal and (mostly) the uniform.
    ///
    /// With t = c x the test is ln u < d h(t), h(t) = 3 (ln(1 + t) - t + t²/2 - t³/3); the series
    /// of ln(1 + t) gives h(t) ≥ -3 t⁴ / (4 (1 + min(t, 0))), and ln u ≤ u - 1, so
    /// u < 1 - c² x⁴ / (12 (1 + min(t, 0))) accepts without a logarithm (d t⁴ = c² x⁴ / 9). For the
    /// shapes of the samplers (tens to thousands) it accepts all but about one draw in 10⁴ (the
    /// usual 1 - 0.0331 x⁴ leaves one in six to the logarithm). The uniform's top 25 bits come from
    /// the normal's word; the other 28 are drawn only when those 25 do not settle the squeeze.
    #[inline]
    pub(crate) fn gamma_at_least_one(&mut self, shape: f64) -> f64 {
        debug_assert!(shape >= 1.0);
        if shape == 1.0 {
            return self.exponential();
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        let c2_12 = c * c * (1.0 / 12.0);
        loop {
            // The normal by the ziggurat's fast path, inline, keeping bits 7..32 unused.
            let bits = self.bits();
            let hz = (bits >> 32) as u32 as i32;
            let iz = (bits & 127) as usize;
            let (x, top) = if hz.unsigned_abs() < self.kn[iz] {
                (hz as f64 * self.wn[iz], Some((bits >> 7) & ((1 << 25) - 1)))
            } else {
                (self.normal_tail(hz, iz), None)
            };
            let t = c * x;
            if t <= -1.0 {
                continue;
            }
            let one_plus = 1.0 + t;
            let v = one_plus * one_plus * one_plus;
            let x2 = x * x;
            // u (1 + m) < (1 + m) - c² x⁴ / 12, m = min(t, 0), without dividing.
            let scale = 1.0 + t.min(0.0);
            let bound = scale - c2_12 * x2 * x2;
            let u = match top {
                Some(top) => {
                    // u = (top + w) / 2^25 with w uniform: settled when even w = 1 passes.
                    if (top + 1) as f64 * (1.0 / (1u64 << 25) as f64) * scale < bound {
                        return d * v;
                    }
                    (top as f64 + self.uniform()) * (1.0 / (1u64 << 25) as f64)
                }
                None => self.uniform(),
            };
            if u * scale < bound || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
    }

    /// Gamma(shape, 1) for any shape > 0 (below 1 by the boost Gamma(1 + s) U^(1/s)).
    pub(crate) fn gamma(&mut self, shape: f64) -> f64 {
        if shape >= 1.0 {
            self.gamma_at_least_one(shape)
        } else {
            self.gamma_at_least_one(shape + 1.0) * self.uniform_positive().powf(1.0 / shape)
        }
    }

    /// The logarithm of a Gamma(shape, 1) draw, without underflow for small shapes.
    pub(crate) fn ln_gamma_draw(&mut self, shape: f64) -> f64 {
        if shape >= 1.0 {
            self.gamma_at_least_one(shape).ln()
        } else {
            self.gamma_at_least_one(shape + 1.0).ln() + self.uniform_positive().ln() / shape
        }
    }

    /// Beta(a, b) for a, b ≥ 1, with 1 - the draw computed separately so that neither loses
    /// precision near 0 or 1.
    #[inline]
    pub(crate) fn beta_at_least_one(&mut self, a: f64, b: f64) -> (f64, f64) {
        if a == 1.0 && b == 1.0 {
            let u = self.uniform_positive();
            return (u, 1.0 - u);
        }
        let x = self.gamma_at_least_one(a);
        let y = self.gamma_at_least_one(b);
        let sum = x + y;
        (x / sum, y / sum)
    }

    /// Extends the table of `ln k!` to cover k ≤ `max` (at most 2^20 entries), by Stirling's
    /// series beyond the summed part: the collapsed moves look up factorials of N.
    pub(crate) fn extend_ln_factorial(&mut self, max: u64) {
        let len = (max.saturating_add(1)).min(1 << 20) as usize;
        self.ln_factorial.reserve_exact(len.saturating_sub(self.ln_factorial.len()));
        for k in self.ln_factorial.len()..len {
            self.ln_factorial.push(ln_factorial_stirling(k as f64));
        }
    }

    /// `ln k!`.
    #[inline]
    pub(crate) fn ln_factorial(&self, k: u64) -> f64 {
        if let Some(value) = self.ln_factorial.get(k as usize) {
            return *value;
        }
        ln_factorial_stirling(k as f64)
    }

    /// Binomial(n, p) where `q` = 1 - p is given separately (so that p near 1 keeps precision).
    #[inline]
    pub(crate) fn binomial(&mut self, n: u64, p: f64, q: f64) -> u64 {
        if n == 0 || p <= 0.0 {
            return 0;
        }
        if q <= 0.0 {
            return n;
        }
        // Draw the rarer outcome: both algorithms below are fastest for small p.
        if p > q {
            return n - self.binomial_small_p(n, q, p);
        }
        self.binomial_small_p(n, p, q)
    }

    #[inline]
    fn binomial_small_p(&mut self, n: u64, p: f64, q: f64) -> u64 {
        let mean = n as f64 * p;
        if mean < INVERSION_MAX_MEAN {
            let u = self.uniform();
            // Inversion returns 0 when u < q^n, and q^n ≥ 1 - np (Bernoulli's inequality): this
            // settles most draws of rare classes without computing q^n.
            if u < 1.0 - mean {
                return 0;
            }
            self.binomial_inversion(n, p, q, u)
        } else {
            self.binomial_btrd(n, p, q)
        }
    }

    /// Inversion from 0 upwards (BINV of Kachitvichyanukul and Schmeiser), for a mean below
    /// [`INVERSION_MAX_MEAN`], with the uniform already drawn. It takes mean + 1 steps on average,
    /// each a multiply-add with 1 / x from a table, and starts from q^n by repeated squaring
    /// (no logarithm or exponential): cheaper than BTRD's set-up and rejections up to a mean of
    /// about 30.
    fn binomial_inversion(&mut self, n: u64, p: f64, q: f64, mut u: f64) -> u64 {
        let s = p / q;
        let a = (n as f64 + 1.0) * s;
        let start = power(q, n);
        let limit = n.min(RECIPROCALS.len() as u64 - 1) as usize;
        loop {
            let mut r = start;
            let mut x = 0usize;
            // The ratio f(x) / f(x - 1) = (n + 1 - x) p / (x q) = a / x - s; the mask keeps the
            // index in the table (x ≤ limit < 128) without a bounds check.
            loop {
                if u <= r {
                    return x as u64;
                }
                if x == limit {
                    break;
                }
                u -= r;
                x += 1;
                r *= a * RECIPROCALS[x & (RECIPROCALS.len() - 1)] - s;
            }
            // Beyond the table (means near the threshold only), with divisions.
            let mut x = x as u64;
            while x < n {
                u -= r;
                x += 1;
                r *= a / x as f64 - s;
                if u <= r {
                    return x;
                }
            }
            // Rounding left u above the total mass; start again with a fresh uniform.
            u = self.uniform();
        }
    }

    /// Hörmann's (1993) BTRD, transformed rejection with decomposition, for n p ≥ 10 (here 30) and
    /// p ≤ 1/2. About four draws in five are accepted at once from one uniform; the rest go
    /// through a recursive evaluation of the probabilities near the mode, a squeeze, or the exact
    /// test with Stirling corrections.
    fn binomial_btrd(&mut self, n: u64, p: f64, q: f64) -> u64 {
        let nf = n as f64;
        let npq = nf * p * q;
        let spq = npq.sqrt();
        let b = 1.15 + 2.53 * spq;
        let a = -0.0873 + 0.0248 * b + 0.01 * p;
        let c = nf * p + 0.5;
        let v_r = 0.92 - 4.2 / b;
        let u_r_v_r = 0.86 * v_r;
        loop {
            // Step 1: the central triangle, accepted without a test.
            let v = self.uniform();
            if v <= u_r_v_r {
                let u = v / v_r - 0.43;
                let x = (2.0 * a / (0.5 - u.abs()) + b) * u + c;
                // x ≥ 0 here, so truncation is the floor (and avoids a libm call without SSE4.1).
                return x as u64;
            }
            // Step 2: a point (u, v) of the rest of the hat.
            let (u, mut v) = if v >= v_r {
                (self.uniform() - 0.5, v)
            } else {
                let u = v / v_r - 0.93;
                (0.5f64.copysign(u) - u, self.uniform() * v_r)
            };
            // Step 3.0.
            let us = 0.5 - u.abs();
            let x = (2.0 * a / us + b) * u + c;
            if !(x >= 0.0) || x >= nf + 1.0 {
                continue;
            }
            let k = x as u64;
            let alpha = (2.83 + 5.1 / b) * spq;
            v *= alpha / (a / (us * us) + b);
            let m = ((nf + 1.0) * p) as u64;
            let km = k.abs_diff(m);
            if km <= 15 {
                // Step 3.1: f(k) / f(m) by the recurrence f(i) / f(i - 1) = (n + 1) r / i - r.
                let r = p / q;
                let nr = (nf + 1.0) * r;
                let mut f = 1.0;
                if m < k {
                    for i in m + 1..=k {
                        f *= nr / i as f64 - r;
                    }
                } else {
                    for i in k + 1..=m {
                        v *= nr / i as f64 - r;
                    }
                }
                if v <= f {
                    return k;
                }
                continue;
            }
            // Step 3.2: squeeze on ln v.
            let v = v.ln();
            let kmf = km as f64;
            let rho = (kmf / npq) * (((kmf / 3.0 + 0.625) * kmf + 1.0 / 6.0) / npq + 0.5);
            let t = -kmf * kmf / (2.0 * npq);
            if v < t - rho {
                return k;
            }
            if v > t + rho {
                continue;
            }
            // Steps 3.3 and 3.4: the exact test.
            let r = p / q;
            let mf = m as f64;
            let kf = k as f64;
            let nm = nf - mf + 1.0;
            let h = (mf + 0.5) * ((mf + 1.0) / (r * nm)).ln() + stirling_correction(m) + stirling_correction(n - m);
            let nk = nf - kf + 1.0;
            if v <= h + (nf + 1.0) * (nm / nk).ln() + (kf + 0.5) * (nk * r / (kf + 1.0)).ln()
                - stirling_correction(k)
                - stirling_correction(n - k)
            {
                return k;
            }
        }
    }

    /// Poisson(mean).
    pub(crate) fn poisson(&mut self, mean: f64) -> u64 {
        if mean <= 0.0 {
            return 0;
        }
        if mean < 10.0 {
            // Inversion from 0 upwards.
            let mut u = self.uniform();
            let mut r = (-mean).exp();
            let mut x = 0u64;
            loop {
                if u <= r {
                    return x;
                }
                u -= r;
                x += 1;
                r *= mean / x as f64;
                if r == 0.0 && u > 0.0 {
                    u = self.uniform();
                    x = 0;
                    r = (-mean).exp();
                }
            }
        }
        self.poisson_ptrs(mean)
    }

    /// Hörmann's (1993) PTRS, for means of 10 and more.
    fn poisson_ptrs(&mut self, mean: f64) -> u64 {
        let slam = mean.sqrt();
        let loglam = mean.ln();
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.02483 * b;
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let v_r = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let x = (2.0 * a / us + b) * u + mean + 0.43;
            if !(x >= 0.0) {
                continue;
            }
            let k = x as u64;
            if us >= 0.07 && v <= v_r {
                return k;
            }
            if us < 0.013 && v > us {
                continue;
            }
            if v.ln() + inv_alpha.ln() - (a / (us * us) + b).ln() <= -mean + k as f64 * loglam - self.ln_factorial(k) {
                return k;
            }
        }
    }

    /// Failures before `size` successes with success probability `1 - fail`: a Poisson draw whose
    /// mean is Gamma(size) · fail / (1 - fail). `success` is `1 - fail`, given separately.
    pub(crate) fn negative_binomial(&mut self, size: u64, fail: f64, success: f64) -> u64 {
        if fail <= 0.0 {
            return 0;
        }
        let mean = self.gamma(size as f64) * (fail / success);
        if !(mean < 4.0e18) {
            return u64::MAX;
        }
        self.poisson(mean)
    }

    /// Multinomial(n, weights / Σ weights), visiting the classes in `order` (best sorted by
    /// decreasing weight, see [`sort_by_weight`]). At each class it draws how many of those left
    /// go past it, with probability (mass after it) / (mass from it), and stops when nobody is
    /// left; once few are left, each of them picks its class by one uniform, which is cheaper than
    /// a binomial draw per remaining class. Returns how many classes of `order` it visited: their
    /// counts are in `out[order[i]]` for i below that number, the other entries of `out` are not
    /// written (they hold nobody). `suffix` is scratch of length `weights.len() + 1`. Returns
    /// `None`, drawing nothing, when the weights add up to less than `min_total` (the caller
    /// rescales them and tries again).
    #[inline]
    pub(crate) fn multinomial(
        &mut self,
        n: u64,
        weights: &[f64],
        min_total: f64,
        order: &[u8],
        suffix: &mut [f64],
        out: &mut [u64],
    ) -> Option<usize> {
        let n_classes = weights.len();
        suffix[n_classes] = 0.0;
        for i in (0..n_classes).rev() {
            suffix[i] = suffix[i + 1] + weights[order[i] as usize];
        }
        if !(suffix[0] >= min_total) {
            return None;
        }
        let mut left = n;
        for i in 0..n_classes - 1 {
            if left == 0 {
                return Some(i);
            }
            if left <= FEW_LEFT {
                return Some(self.categorical_each(left, weights, order, &suffix[i..], out));
            }
            let from = suffix[i];
            let past = self.binomial(left, suffix[i + 1] / from, weights[order[i] as usize] / from);
            out[order[i] as usize] = left - past;
            left = past;
        }
        out[order[n_classes - 1] as usize] = left;
        Some(n_classes)
    }

    /// Each of `left` persons picks one of the classes `order[start..]` (`suffix` starts at the
    /// first of them) by inversion of one uniform; returns the positions of `order` visited.
    fn categorical_each(&mut self, left: u64, weights: &[f64], order: &[u8], suffix: &[f64], out: &mut [u64]) -> usize {
        let start = order.len() + 1 - suffix.len();
        let last = order.len() - 1;
        out[order[start] as usize] = 0;
        let mut reached = start;
        for _ in 0..left {
            let mut u = self.uniform() * suffix[0];
            let mut i = start;
            while i < last {
                let w = weights[order[i] as usize];
                if u < w {
                    break;
                }
                u -= w;
                i += 1;
            }
            // Classes are cleared when first reached.
            while reached < i {
                reached += 1;
                out[order[reached] as usize] = 0;
            }
            out[order[i] as usize] += 1;
        }
        reached + 1
    }
}

/// x^n by squaring, one multiplication per bit of n chosen without a branch (`powi`'s loop
/// branches on each bit, which the processor mispredicts about half the time). Relative error
/// about n ulp, as `powi`'s.
#[inline]
fn power(x: f64, n: u64) -> f64 {
    let mut result = 1.0;
    let mut square = x;
    let mut bits = n;
    for _ in 0..64 - n.leading_zeros() {
        // All ones when the bit is set: selects `square`'s bits, otherwise 1.0's.
        let mask = 0u64.wrapping_sub(bits & 1);
        result *= f64::from_bits((square.to_bits() & mask) | (1.0f64.to_bits() & !mask));
        square *= square;
        bits >>= 1;
    }
    result
}

/// Sorts `order` by decreasing `weights[order[i]]`, by insertion: the orders kept from one sweep
/// to the next are nearly sorted already.
#[inline]
pub(crate) fn sort_by_weight(order: &mut [u8], weights: &[f64]) {
    for i in 1..order.len() {
        let k = order[i];
        let w = weights[k as usize];
        let mut at = i;
        while at > 0 && weights[order[at - 1] as usize] < w {
            order[at] = order[at - 1];
            at -= 1;
        }
        order[at] = k;
    }
}

/// Binomials with a smaller mean (of the rarer outcome) are drawn by inversion, larger by BTRD.
/// At 30 rather than 15 inversion takes more instructions but less time: BTRD's set-up is a chain of
/// a square root and three divisions, and its branches are mispredicted more often (from a fixed
/// state of Kosovo with K = 15, the allocation of the observed patterns takes 5% less CPU time, 4.0
/// against 4.2 µs per sweep; 50 is no faster than 30).
const INVERSION_MAX_MEAN: f64 = 30.0;

/// 1 / x for the inversion's recurrence (index 0 unused).
const RECIPROCALS: [f64; 128] = {
    let mut table = [0.0; 128];
    let mut x = 1;
    while x < 128 {
        table[x] = 1.0 / x as f64;
        x += 1;
    }
    table
};

/// Below this many persons left, the multinomial gives each its class by one uniform.
const FEW_LEFT: u64 = 4;

/// ln k! - [(k + 1/2) ln(k + 1) - (k + 1) + ln √(2π)], the remainder of Stirling's formula, from a
/// table below 10 and the series (four terms, error below 1e-12) above.
fn stirling_correction(k: u64) -> f64 {
    const TABLE: [f64; 10] = [
        0.08106146679532726,
        0.04134069595540929,
        0.02767792568499834,
        0.02079067210376509,
        0.01664469118982119,
        0.01387612882307075,
        0.01189670994589177,
        0.01041126526197209,
        0.009255462182712733,
        0.00833056343336287,
    ];
    if k < 10 {
        return TABLE[k as usize];
    }
    let k1 = 1.0 / (k as f64 + 1.0);
    let k2 = k1 * k1;
    (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - k2 / 1680.0) * k2) * k2) * k1
}

/// One step of SplitMix64 (Steele, Lea and Flood 2014), the usual way to fill xoshiro's state.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `ln x!` by Stirling's series (relative error below 1e-15 for x ≥ 256).
fn ln_factorial_stirling(x: f64) -> f64 {
    let x1 = x + 1.0;
    let inv = 1.0 / x1;
    let inv2 = inv * inv;
    (x1 - 0.5) * x1.ln() - x1
        + 0.5 * (2.0 * std::f64::consts::PI).ln()
        + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)))
}

/// `ln Γ(x)` for x > 0 (Lanczos for small x, Stirling's series for large), to about 1e-14.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    if x < 7.0 {
        // Shift up with the recurrence Γ(x + 1) = x Γ(x), then use the series.
        let mut shift = 0.0;
        let mut y = x;
        while y < 7.0 {
            shift += y.ln();
            y += 1.0;
        }
        return ln_gamma(y) - shift;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    (x - 0.5) * x.ln() - x
        + 0.5 * (2.0 * std::f64::consts::PI).ln()
        + inv
            * (1.0 / 12.0
                - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 * (1.0 / 1188.0)))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(draws: &[f64]) -> (f64, f64) {
        let n = draws.len() as f64;
        let mean = draws.iter().sum::<f64>() / n;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, var)
    }

    /// Checks mean and variance within 5 standard errors (generous for the variance).
    fn check(draws: &[f64], mean: f64, var: f64) {
        let (m, v) = moments(draws);
        let n = draws.len() as f64;
        assert!((m - mean).abs() < 5.0 * (var / n).sqrt(), "mean {m} vs {mean}");
        assert!((v - var).abs() < 0.05 * var + 1e-12, "variance {v} vs {var}");
    }

    #[test]
    fn variates_have_their_moments() {
        let mut rng = Variates::stream(7, 0);
        let n = 100_000;
        check(&(0..n).map(|_| rng.normal()).collect::<Vec<_>>(), 0.0, 1.0);
        check(&(0..n).map(|_| rng.exponential()).collect::<Vec<_>>(), 1.0, 1.0);
        for shape in [0.3, 1.0, 2.5, 40.0, 4400.0] {
            check(&(0..n).map(|_| rng.gamma(shape)).collect::<Vec<_>>(), shape, shape);
        }
        for (size, p) in [(5u64, 0.3), (40, 0.01), (1131, 0.4), (1131, 0.9999), (30, 0.5), (100_000, 0.2)] {
            let draws: Vec<f64> = (0..n).map(|_| rng.binomial(size, p, 1.0 - p) as f64).collect();
            check(&draws, size as f64 * p, size as f64 * p * (1.0 - p));
        }
        for mean in [0.5, 7.0, 12.0, 6000.0] {
            check(&(0..n).map(|_| rng.poisson(mean) as f64).collect::<Vec<_>>(), mean, mean);
        }
        let (size, fail) = (4400u64, 0.58);
        let draws: Vec<f64> = (0..n).map(|_| rng.negative_binomial(size, fail, 1.0 - fail) as f64).collect();
        let mean = size as f64 * fail / (1.0 - fail);
        check(&draws, mean, mean / (1.0 - fail));
    }

    /// Pearson's χ² of draws against a probability mass function, over cells expected to hold at
    /// least 5 draws (the rest pooled); checked against df + 5 √(2 df), far in the tail.
    fn check_pmf(draws: &[u64], pmf: impl Fn(u64) -> f64, max: u64) {
        let n = draws.len() as f64;
        let mut counts = vec![0u64; max as usize + 1];
        for draw in draws {
            counts[(*draw).min(max) as usize] += 1;
        }
        let (mut chi2, mut df, mut pooled_observed, mut pooled_expected) = (0.0, 0.0, 0.0, 0.0);
        for k in 0..=max {
            let expected = n * pmf(k);
            if expected >= 5.0 {
                chi2 += (counts[k as usize] as f64 - expected).powi(2) / expected;
                df += 1.0;
            } else {
                pooled_observed += counts[k as usize] as f64;
                pooled_expected += expected;
            }
        }
        if pooled_expected >= 5.0 {
            chi2 += (pooled_observed - pooled_expected).powi(2) / pooled_expected;
            df += 1.0;
        }
        let df: f64 = df - 1.0;
        assert!(chi2 < df + 5.0 * (2.0 * df).sqrt(), "χ² {chi2} on {df} degrees of freedom");
    }

    #[test]
    fn binomial_and_poisson_draws_follow_their_distributions() {
        let mut rng = Variates::stream(11, 2);
        for (size, p) in [(40u64, 0.4), (1131, 0.3), (100, 0.12), (5000, 0.002), (60, 0.9), (25, 0.02)] {
            let draws: Vec<u64> = (0..200_000).map(|_| rng.binomial(size, p, 1.0 - p)).collect();
            let ln_pmf = |k: u64| {
                rng.ln_factorial(size) - rng.ln_factorial(k) - rng.ln_factorial(size - k)
                    + k as f64 * p.ln()
                    + (size - k) as f64 * (1.0 - p).ln()
            };
            check_pmf(&draws, |k| if k > size { 0.0 } else { ln_pmf(k).exp() }, size);
        }
        for mean in [3.0, 15.0, 400.0] {
            let draws: Vec<u64> = (0..200_000).map(|_| rng.poisson(mean)).collect();
            let max = (mean + 12.0 * mean.sqrt() + 20.0) as u64;
            check_pmf(&draws, |k| (k as f64 * f64::ln(mean) - mean - rng.ln_factorial(k)).exp(), max);
        }
    }

    #[test]
    fn multinomial_keeps_the_total_and_the_means() {
        let mut rng = Variates::stream(3, 1);
        let weights = [0.5, 1e-9, 0.3, 0.2, 1e-300, 0.0];
        let mut suffix = [0.0; 7];
        let mut out = [0u64; 6];
        let mut sums = [0u64; 6];
        let rounds = 20_000;
        let order = [3, 1, 0, 2, 5, 4];
        for round in 0..rounds {
            out.fill(0);
            assert!(
                rng.multinomial(if round % 2 == 0 { 1000 } else { 7 }, &weights, 0.0, &order, &mut suffix, &mut out)
                    .is_some()
            );
            assert_eq!(out.iter().sum::<u64>(), if round % 2 == 0 { 1000 } else { 7 });
            for (sum, x) in sums.iter_mut().zip(out) {
                *sum += x;
            }
        }
        let means: Vec<f64> = sums.iter().map(|s| *s as f64 / rounds as f64).collect();
        // Half the rounds draw 1000, half 7: the mean count is 503.5 times the weight.
        assert!((means[0] - 251.75).abs() < 1.0 && (means[2] - 151.05).abs() < 1.0, "{means:?}");
        assert_eq!((sums[4], sums[5]), (0, 0));
        assert!(rng.multinomial(5, &[1e-300, 0.0], 1e-280, &[0, 1], &mut suffix[..3], &mut out[..2]).is_none());
    }

    #[test]
    fn powers_match_powi() {
        // Against exp(n ln x), accurate to about |n ln x| ulp; squaring's error grows as n ulp.
        for (x, n) in [(0.97f64, 0u64), (0.5, 1), (0.999, 1131), (0.3, 40), (0.9999, 92_400), (0.0, 3)] {
            let expected = if x == 0.0 { 0.0 } else { (n as f64 * x.ln()).exp() };
            assert!((power(x, n) - expected).abs() <= 1e-15 * (n as f64 + 10.0) * expected, "{x}^{n}");
        }
    }

    #[test]
    fn stirling_corrections_match_factorials() {
        let rng = Variates::stream(1, 0);
        for k in [0u64, 3, 9, 10, 11, 50, 1000] {
            let kf = k as f64;
            let stirling = (kf + 0.5) * (kf + 1.0).ln() - (kf + 1.0) + 0.5 * (2.0 * std::f64::consts::PI).ln();
            // The table of ln k! adds k logarithms, so its rounding grows with k.
            let tolerance = 1e-12 * rng.ln_factorial(k).max(1.0);
            assert!((stirling_correction(k) - (rng.ln_factorial(k) - stirling)).abs() < tolerance, "{k}");
        }
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let rng = Variates::stream(1, 0);
        for k in [0u64, 1, 5, 100, 255, 256, 1000, 123_456] {
            let exact = (1..=k).map(|i| (i as f64).ln()).sum::<f64>();
            assert!((rng.ln_factorial(k) - exact).abs() < 1e-9 * exact.max(1.0), "{k}");
            assert!((ln_gamma(k as f64 + 1.0) - exact).abs() < 1e-9 * exact.max(1.0), "{k}");
        }
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }
}

#[cfg(test)]
mod exact_tests {
    //! χ² tests of the fast paths against exact distributions: gamma through the beta's link to
    //! the binomial, binomials on both sides of the inversion/BTRD threshold, multinomials with
    //! orders kept from draw to draw.
    use super::*;

    /// Pearson's χ² of observed counts against expected ones (cells below 5 expected pooled);
    /// fails beyond df + 5 √(2 df).
    fn chi_square(observed: &[u64], expected: &[f64]) {
        let (mut chi2, mut df, mut pooled_o, mut pooled_e) = (0.0, 0.0f64, 0.0, 0.0);
        for (o, e) in observed.iter().zip(expected) {
            if *e >= 5.0 {
                chi2 += (*o as f64 - e).powi(2) / e;
                df += 1.0;
            } else {
                pooled_o += *o as f64;
                pooled_e += e;
            }
        }
        if pooled_e >= 5.0 {
            chi2 += (pooled_o - pooled_e).powi(2) / pooled_e;
            df += 1.0;
        }
        let df = df - 1.0;
        assert!(chi2 < df + 5.0 * (2.0 * df).sqrt(), "χ² {chi2} on {df} degrees of freedom");
    }

    /// P(Beta(a, b) ≤ x) for whole a, b: P(Binomial(a + b - 1, x) ≥ a).
    fn beta_cdf(rng: &Variates, a: u64, b: u64, x: f64) -> f64 {
        let n = a + b - 1;
        (a..=n)
            .map(|k| {
                (rng.ln_factorial(n) - rng.ln_factorial(k) - rng.ln_factorial(n - k)
                    + k as f64 * x.ln()
                    + (n - k) as f64 * (-x).ln_1p())
                .exp()
            })
            .sum()
    }

    #[test]
    fn beta_draws_from_two_gammas_follow_the_beta_distribution() {
        // Shapes as the sampler's λ and sticks see them: from 1 to thousands, lopsided ones too.
        let mut rng = Variates::stream(17, 3);
        for (a, b) in [(2u64, 2u64), (1, 40), (3, 700), (150, 90), (1131, 3300), (2, 1)] {
            let draws: Vec<f64> = (0..100_000).map(|_| rng.beta_at_least_one(a as f64, b as f64).0).collect();
            // 40 cells of equal probability under the exact distribution, found by bisection.
            let cells = 40;
            let mut edges = Vec::new();
            for i in 1..cells {
                let target = i as f64 / cells as f64;
                let (mut lo, mut hi) = (0.0f64, 1.0f64);
                for _ in 0..60 {
                    let mid = 0.5 * (lo + hi);
                    if beta_cdf(&rng, a, b, mid) < target {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                edges.push(0.5 * (lo + hi));
            }
            let mut observed = vec![0u64; cells];
            for x in &draws {
                observed[edges.partition_point(|e| e < x)] += 1;
            }
            chi_square(&observed, &vec![draws.len() as f64 / cells as f64; cells]);
        }
    }

    #[test]
    fn binomials_around_the_inversion_threshold_follow_their_distribution() {
        let mut rng = Variates::stream(23, 5);
        for (size, p) in [
            (1131u64, 0.02),
            (300, 0.09),
            (60, 0.45),
            (200, 0.149),
            (200, 0.151),
            (5000, 0.0059),
            (126, 0.2),
            (400, 0.98),
        ] {
            let draws: Vec<u64> = (0..200_000).map(|_| rng.binomial(size, p, 1.0 - p)).collect();
            let mut observed = vec![0u64; size as usize + 1];
            for d in &draws {
                observed[*d as usize] += 1;
            }
            let expected: Vec<f64> = (0..=size)
                .map(|k| {
                    draws.len() as f64
                        * (rng.ln_factorial(size) - rng.ln_factorial(k) - rng.ln_factorial(size - k)
                            + k as f64 * p.ln()
                            + (size - k) as f64 * (1.0 - p).ln())
                        .exp()
                })
                .collect();
            chi_square(&observed, &expected);
        }
    }

    #[test]
    fn multinomial_marginals_follow_their_binomials() {
        // Each class's count of a multinomial is Binomial(n, w_k / Σ w); the orders are sorted
        // and kept between draws as the sampler keeps them, weights changing in between.
        let mut rng = Variates::stream(29, 7);
        let mut order: Vec<u8> = (0..6).collect();
        let mut suffix = [0.0; 7];
        let mut out = [0u64; 6];
        for (n, weights) in [
            (1131u64, [0.05, 0.5, 0.3, 1e-4, 0.149, 1e-3]),
            (40, [0.2, 0.2, 0.2, 0.2, 0.1, 0.1]),
            (9, [0.7, 0.01, 0.09, 0.1, 0.05, 0.05]),
        ] {
            let rounds = 60_000;
            let mut observed = vec![vec![0u64; n as usize + 1]; 6];
            for round in 0..rounds {
                // Perturb the weights' order every other round, so the kept order is stale.
                let mut w = weights;
                if round % 2 == 1 {
                    w.swap(0, 1);
                }
                sort_by_weight(&mut order, &w);
                let used = rng.multinomial(n, &w, 0.0, &order, &mut suffix, &mut out).unwrap();
                let mut counts = [0u64; 6];
                for k in &order[..used] {
                    counts[*k as usize] = out[*k as usize];
                }
                assert_eq!(counts.iter().sum::<u64>(), n);
                if round % 2 == 0 {
                    for k in 0..6 {
                        observed[k][counts[k] as usize] += 1;
                    }
                }
            }
            let total: f64 = weights.iter().sum();
            for k in 0..6 {
                let p = weights[k] / total;
                let expected: Vec<f64> = (0..=n)
                    .map(|c| {
                        (rounds / 2) as f64
                            * (rng.ln_factorial(n) - rng.ln_factorial(c) - rng.ln_factorial(n - c)
                                + c as f64 * p.ln()
                                + (n - c) as f64 * (1.0 - p).ln())
                            .exp()
                    })
                    .collect();
                chi_square(&observed[k], &expected);
            }
        }
    }
}
