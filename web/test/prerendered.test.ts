// Taking over prerendered HTML: the painted page stays until the app's page has loaded, then is replaced once.
import { describe, expect, test } from "bun:test";
import { mountOverPrerendered } from "../src/lib/prerendered";
import { deferEntry, EARLY_CLICKS_SCRIPT, fill, fillHydratable } from "../scripts/prerender-html";

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

describe("fillHydratable", () => {
  const HY = "<script>window._$HY||(_$HY={r:{}})</script><!--xs-->";
  test("keeps the page exactly as rendered, its data scripts included, marks it, and puts the scripts first in head", () => {
    const out = fillHydratable(
      '<head><meta charset="utf-8"></head><body><div id="root"></div></body>',
      '<h1 data-hk="0">x</h1><script>_$HY.r["0"]=1</script>',
      HY,
    );
    expect(out).toBe(
      `<head>${HY}${EARLY_CLICKS_SCRIPT}<meta charset="utf-8"></head>` +
        '<body><div id="root" data-hydrate=""><h1 data-hk="0">x</h1><script>_$HY.r["0"]=1</script></div></body>',
    );
  });

  test("refuses a template it cannot fill and a hydration script that is not one inline script", () => {
    expect(() => fillHydratable('<head></head><div id="root"><p></p></div>', "x", HY)).toThrow();
    expect(() => fillHydratable('<div id="root"></div>', "x", HY)).toThrow(); // no <head>
    expect(() => fillHydratable('<head></head><div id="root"></div>', "x", '<script src="/hy.js"></script>')).toThrow();
  });

  test("the early-click recorder keeps clicked elements until the app takes them, but not links", () => {
    document.body.innerHTML = '<button id="b"><span id="s">go</span></button><a id="a" href="#x">link</a>';
    const script = EARLY_CLICKS_SCRIPT.replace(/^<script>|<\/script>$/g, "");
    const listeners: ((e: { isTrusted: boolean; target: Element }) => void)[] = [];
    const fakeWindow: Record<string, unknown> = {};
    new Function("window", "addEventListener", script)(fakeWindow, (_: string, f: (typeof listeners)[0]) =>
      listeners.push(f),
    );
    const click = (id: string, isTrusted = true) => {
      for (const f of listeners) f({ isTrusted, target: document.getElementById(id)! });
    };
    click("s");
    click("a");
    click("b", false); // a script's click is not the visitor's
    const clicked = fakeWindow.__caravelEarlyClicks as Element[];
    expect(clicked.map((e) => e.id)).toEqual(["s"]);
    fakeWindow.__caravelEarlyClicks = null; // taken by the app
    click("b");
    expect(fakeWindow.__caravelEarlyClicks).toBeNull();
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
