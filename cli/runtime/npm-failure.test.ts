import { describe, expect, it } from "vitest";
import { readNpmFailure } from "./npm-failure.ts";

// npm 11's own output for these failures, trimmed of stack frames.
const REFUSED = `npm error code ECONNREFUSED
npm error syscall connect
npm error errno ECONNREFUSED
npm error FetchError: request to http://127.0.0.1:1/deno failed, reason: connect ECONNREFUSED 127.0.0.1:1
npm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/node_modules/minipass-fetch/lib/index.js:130:14)
npm error
npm error If you are behind a proxy, please make sure that the 'proxy' config is set properly.
`;
const NOT_FOUND = `npm error code E404
npm error 404 Not Found - GET http://127.0.0.1:4873/rerun-no-such-package-xyz
npm error 404
npm error 404  The requested resource 'rerun-no-such-package-xyz@1.0.0' could not be found.
npm error A complete log of this run can be found in: /home/user/.npm/_logs/2026-01-01T00_00_00_000Z-debug-0.log
`;

describe("readNpmFailure", () => {
  it("tells an unreachable registry from other failures", () => {
    expect(readNpmFailure(REFUSED)).toMatchObject({
      code: "ECONNREFUSED",
      offline: true,
      summary: expect.stringContaining("request to http://127.0.0.1:1/deno failed"),
    });
    expect(readNpmFailure("npm error code ENOTFOUND\nnpm error getaddrinfo ENOTFOUND registry.example\n"))
      .toMatchObject({ code: "ENOTFOUND", offline: true });
  });

  it("keeps the code, the first explanation and npm's log of any other failure", () => {
    expect(readNpmFailure(NOT_FOUND)).toEqual({
      code: "E404",
      offline: false,
      summary: "404 Not Found - GET http://127.0.0.1:4873/rerun-no-such-package-xyz",
      logFile: "/home/user/.npm/_logs/2026-01-01T00_00_00_000Z-debug-0.log",
    });
    expect(readNpmFailure("")).toEqual({ code: null, offline: false, summary: "", logFile: null });
  });
});
