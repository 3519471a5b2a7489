// Module hook: every import of 'webrtc-polyfill' gets fake-webrtc.mjs.
export async function resolve (specifier, context, nextResolve) {
  if (specifier === 'webrtc-polyfill') {
    return { url: new URL('./fake-webrtc.mjs', import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
