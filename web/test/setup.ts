// Test environment for Bun: a DOM (happy-dom) and Solid's JSX compiled by babel-preset-solid,
// with solid-js resolved to its browser (reactive) build instead of the server build.
import { GlobalRegistrator } from "@happy-dom/global-registrator";
import { plugin } from "bun";
import { transformAsync } from "@babel/core";
// @ts-expect-error no types
import solidPreset from "babel-preset-solid";
// @ts-expect-error no types
import tsPreset from "@babel/preset-typescript";
import { readFile } from "node:fs/promises";

// Tests talk to real local HTTP servers: keep Bun's own fetch API (happy-dom's enforces CORS and its
// Response objects can't be returned from Bun.serve).
const native = {
  fetch: globalThis.fetch,
  Request: globalThis.Request,
  Response: globalThis.Response,
  Headers: globalThis.Headers,
  AbortController: globalThis.AbortController,
  AbortSignal: globalThis.AbortSignal,
  // and Bun's WebSocket, for tests that talk to the stack's relay and bunker
  WebSocket: globalThis.WebSocket,
};
GlobalRegistrator.register({ url: "http://localhost:3000/", width: 1280, height: 800 });
Object.assign(globalThis, native);

// solid-js's package exports give Bun the server build; load the browser builds in their place.
const browserBuild = (path: string) =>
  path.replace(/solid-js\/(?:(web|store)\/)?dist\/server\.js$/, (_m, sub?: string) =>
    sub ? `solid-js/${sub}/dist/${sub}.js` : "solid-js/dist/solid.js",
  );

plugin({
  name: "solid-test",
  setup(build) {
    build.onLoad({ filter: /solid-js\/(web\/|store\/)?dist\/server\.js$/ }, async (args) => ({
      contents: await readFile(browserBuild(args.path), "utf8"),
      loader: "js",
    }));
    build.onLoad({ filter: /\/(src|test)\/.*\.tsx$/ }, async (args) => {
      const code = await readFile(args.path, "utf8");
      const out = await transformAsync(code, {
        filename: args.path,
        presets: [
          [solidPreset, { generate: "dom", hydratable: false }],
          [tsPreset, {}],
        ],
        sourceMaps: "inline",
      });
      return { contents: out!.code!, loader: "js" };
    });
  },
});

// The app's reads share one cache per key for the page's life (the router's query()): every test starts with none,
// as a page load does, so that no test sees what another was answered.
const { afterEach } = await import("bun:test");
afterEach(async () => (await import("@solidjs/router")).query.clear());
