// Taking over prerendered HTML: the painted page stays until the app's page has loaded, then is replaced once.
import { describe, expect, test } from "bun:test";
import { mountOverPrerendered } from "../src/lib/prerendered";
import { deferEntry, fill } from "../scripts/prerender-html";

describe("mountOverPrerendered", () => {
  test("keeps the prerendered page while the app shows its loading fallback, swaps when the page is there", async () => {
    document.body.innerHTML = '<div id="root" data-prerendered=""><h1>Painted</h1></div>';
    const root = document.getElementById("root")!;
    let finish: (() => void) | undefined;
    const swapped = mountOverPrerendered(root, (el) => {
      el.innerHTML = '<div aria-label="Loading page"></div>';
      finish = () => {
        el.innerHTML = "<h1>Live</h1>";
      };
    });
    await Bun.sleep(50);
    expect(document.querySelector("h1")!.textContent).toBe("Painted");
    finish!();
    await swapped;
    expect(document.querySelectorAll("#root").length).toBe(1);
    expect(document.querySelector("#root h1")!.textContent).toBe("Live");
    expect(document.getElementById("root")!.hasAttribute("data-prerendered")).toBe(false);
  });

  test("an app that renders its page at once replaces the painted one at once", async () => {
    document.body.innerHTML = '<div id="root" data-prerendered=""><p>old</p></div>';
    await mountOverPrerendered(document.getElementById("root")!, (el) => {
      el.innerHTML = "<p>new</p>";
    });
    expect(document.querySelector("#root p")!.textContent).toBe("new");
  });
});

describe("fill", () => {
  test("puts the page into the empty root and marks it", () => {
    expect(fill('<body><div id="root"></div><script src="/a.js"></script></body>', "<h1>x</h1>")).toBe(
      '<body><div id="root" data-prerendered=""><h1>x</h1></div><script src="/a.js"></script></body>',
    );
    expect(() => fill("<body></body>", "x")).toThrow();
    // the renderer's inline hydration scripts are dropped: the app renders afresh
    expect(fill('<div id="root"></div>', "<h1>x</h1><script>_$HY.r[1]=2</script>")).toBe(
      '<div id="root" data-prerendered=""><h1>x</h1></div>',
    );
  });
});

describe("deferEntry", () => {
  test("the module entry is loaded from a frame callback, after the first paint", () => {
    const out = deferEntry(
      '<head><script type="module" crossorigin src="/assets/index-abc.js"></script>\n<link rel="modulepreload" crossorigin href="/assets/icons-x.js"></head>',
    );
    expect(out).not.toContain('<script type="module"');
    expect(out).not.toContain("<link");
    expect(out).toContain('["/assets/icons-x.js"].forEach(');
    expect(out).toContain("requestAnimationFrame(function(){setTimeout(");
    expect(out).toContain('s.src="/assets/index-abc.js"');
    expect(() => deferEntry("<head></head>")).toThrow();
  });
});
