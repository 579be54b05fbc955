// The mock view compiled once per mock instance: its `x-specforge-mock` contract (typed in
// @specforge/model's MockContract) and the router's rules over its operations. The router, the
// state and the validator take this instead of each re-reading the view. No `node:` module.
import { compileRules } from "./serve/route.mjs";

/**
 * @param {import("@specforge/model").MockView} view the mock view a client package ships
 * @returns {{ view: import("@specforge/model").MockView, contract: import("@specforge/model").MockContract, rules: ReturnType<typeof compileRules> }}
 */
export function compileMockView(view) {
  const contract = view?.["x-specforge-mock"] ?? {};
  return { view, contract, rules: compileRules(contract, view) };
}

/** A compiled view as it is, anything else (a mock view) compiled. */
export function compiledView(viewOrCompiled) {
  return viewOrCompiled?.rules && viewOrCompiled.contract ? viewOrCompiled : compileMockView(viewOrCompiled);
}
