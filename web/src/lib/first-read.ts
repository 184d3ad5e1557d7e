// A page that reads a value when it opens and also hears it pushed on the live stream (after every change made
// anywhere) opens both at once. The stream's first state can arrive before the page's first read answers; that read
// was asked before the stream even connected, so it is older, and shown over the push it would stay until the next
// change (the stream pushes again only when something changes). So a push heard before the first read answered wins
// over that answer. Reads asked later (after a change the page made) are newer than what was pushed before them and
// are shown as they come.

export interface FirstRead {
  /** The stream pushed a value (call before showing it). */
  pushed: () => void;
  /** A read answered: false for the page's first read when a push was heard before it, whose value is newer. */
  answerIsNewer: () => boolean;
}

export function createFirstRead(): FirstRead {
  let answered = false;
  let pushedFirst = false;
  return {
    pushed: () => {
      if (!answered) pushedFirst = true;
    },
    answerIsNewer: () => {
      if (answered) return true;
      answered = true;
      return !pushedFirst;
    },
  };
}
