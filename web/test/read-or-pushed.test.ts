import { describe, expect, test } from "bun:test";
import { createRoot } from "solid-js";
import { createReadOrPushed } from "../src/lib/read-or-pushed";

/** A read the test answers when it wants: the server's value at the time it read it. */
function deferredRead() {
  let answer!: (v: string) => void;
  const read = () =>
    new Promise<string>((ok) => {
      answer = ok;
    });
  return { read, answer: (v: string) => answer(v) };
}

describe("a value read or pushed", () => {
  test("a read answered after a push made while it was on its way does not replace the pushed value", async () => {
    await createRoot(async (dispose) => {
      const v = createReadOrPushed<string>();
      const r = deferredRead();
      const answer = v.asked(r.read)("tenant");
      // the page loads: the read is asked; the stream connects and pushes the newer value first
      v.pushed("card ready");
      r.answer("card not ready");
      v.answered(await answer);
      expect(v.value()).toBe("card ready");
      dispose();
    });
  });

  test("a read asked after the last push is newer than it: shown", async () => {
    await createRoot(async (dispose) => {
      const v = createReadOrPushed<string>();
      v.pushed("autopay on");
      const r = deferredRead();
      const answer = v.asked(r.read)("tenant");
      r.answer("autopay off");
      v.answered(await answer);
      expect(v.value()).toBe("autopay off");
      // and a later push is shown over it
      v.pushed("autopay on again");
      expect(v.value()).toBe("autopay on again");
      dispose();
    });
  });

  test("before anything is pushed, a read's answer is shown", async () => {
    await createRoot(async (dispose) => {
      const v = createReadOrPushed<string>();
      expect(v.value()).toBeNull();
      const r = deferredRead();
      const answer = v.asked(r.read)("tenant");
      r.answer("nothing to pay");
      v.answered(await answer);
      expect(v.value()).toBe("nothing to pay");
      dispose();
    });
  });
});
