/**
 * PostGraphile 5 declares Node 22 and calls Promise.withResolvers (Node ≥ 22); this is the
 * standard one-line polyfill, preloaded into the PostGraphile child only.
 */
const P = Promise as unknown as { withResolvers?: () => unknown };
if (!P.withResolvers) {
  P.withResolvers = function withResolvers() {
    let resolve: unknown;
    let reject: unknown;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}
