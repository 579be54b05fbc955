import { describe, expect, it } from "vitest";
import { compareSpecificity, pathMatcher, serverBasePath, serverUrl, templateMatcher } from "../src/index.mjs";

describe("the path matcher", () => {
  it("matches a concrete path before its templated counterpart, whatever the spec's order", () => {
    for (const order of [
      ["/pet/{petId}", "/pet/findByStatus"],
      ["/pet/findByStatus", "/pet/{petId}"],
    ]) {
      const m = pathMatcher(order);
      expect(m.match("/pet/findByStatus")?.template).toBe("/pet/findByStatus");
      expect(m.match("/pet/42")).toEqual({ template: "/pet/{petId}", value: "/pet/{petId}", params: { petId: "42" } });
    }
  });

  it("prefers the template whose literal segment comes first", () => {
    const m = pathMatcher(["/a/{x}/c", "/a/b/{y}", "/{any}/b/c"]);
    expect(m.match("/a/b/c")?.template).toBe("/a/b/{y}");
    expect(m.matchAll("/a/b/c")).toEqual(["/a/b/{y}", "/a/{x}/c", "/{any}/b/c"]);
    expect(compareSpecificity("/a/b", "/a/{x}")).toBeLessThan(0);
  });

  it("decodes parameters, keeps a segment it cannot decode, and never matches across a slash", () => {
    const m = pathMatcher([{ template: "/twins/{twin}/ledger/{entry}", value: 7 }]);
    expect(m.match("/twins/a%20b/ledger/%E0%A4%A")).toEqual({
      template: "/twins/{twin}/ledger/{entry}",
      value: 7,
      params: { twin: "a b", entry: "%E0%A4%A" },
    });
    expect(m.match("/twins/a/b/ledger/c")).toBeUndefined();
  });

  it("handles a parameter inside a segment and regex characters in literals", () => {
    const { regex, names } = templateMatcher("/files/{name}.{ext}/v1.0");
    expect(names).toEqual(["name", "ext"]);
    expect(regex.test("/files/report.pdf/v1.0")).toBe(true);
    expect(regex.test("/files/report.pdf/v1x0")).toBe(false);
  });
});

describe("server URLs", () => {
  it("serves the paths whatever the host: a variable host takes its default", () => {
    const okta = {
      url: "https://{yourOktaDomain}/api/v1",
      variables: { yourOktaDomain: { default: "subdomain.okta.com" } },
    };
    expect(serverBasePath(okta)).toBe("/api/v1");
    expect(serverUrl(okta)).toBe("https://subdomain.okta.com/api/v1");
    expect(serverBasePath({ url: "/v2/" })).toBe("/v2");
    expect(serverBasePath({ url: "https://app.example.com" })).toBe("");
  });
});
