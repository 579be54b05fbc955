// A figure's rows: what was measured, the result, the target and whether it was met.
import { fmt, pairedRatio, stats } from "./util.mjs";

/**
 * A row comparing `a` (specforge) with `b` (the peer) as the ratio a / b of paired runs.
 * target: { max } or { min } on the ratio (or neither: shown for information).
 */
export function ratioRow({ figure, measure, a, b, format, target, why, chart = true }) {
  const ratio = pairedRatio(a.values, b.values);
  const sa = stats(a.values);
  const sb = stats(b.values);
  const met = target ? checkTarget(ratio.median, target) : null;
  return {
    figure,
    measure,
    kind: "ratio",
    ratio,
    result: `${fmt.x(ratio.median)} [${fmt.x(ratio.min)}–${fmt.x(ratio.max)}] (${a.name} ${fmt.range(sa, format)} vs ${b.name} ${fmt.range(sb, format)})`,
    target: target?.text ?? "none (for reference)",
    targetValue: target?.max ?? target?.min,
    met,
    why: met === false ? (typeof why === "function" ? why() : why) : undefined,
    chart: chart ? { label: `${measure}`, ratio, target } : undefined,
  };
}

/** A row with an absolute result checked against a bound. */
export function absoluteRow({ figure, measure, values, format, target, why, extra = "" }) {
  const s = stats(values);
  const met = target ? checkTarget(s.median, target) : null;
  return {
    figure,
    measure,
    kind: "absolute",
    value: s,
    result: `${fmt.range(s, format)}${extra}`,
    target: target?.text ?? "none (for reference)",
    met,
    why: met === false ? (typeof why === "function" ? why() : why) : undefined,
  };
}

/** A row that could not be measured (an error, or left out of --quick). */
export function missingRow({ figure, measure, target, reason }) {
  return { figure, measure, kind: "missing", result: reason, target: target?.text ?? "", met: null, why: undefined };
}

export function checkTarget(value, target) {
  if (!Number.isFinite(value)) return false;
  if (target.max !== undefined) return value <= target.max;
  if (target.min !== undefined) return value >= target.min;
  return null;
}
