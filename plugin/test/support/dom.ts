// Gives Node the browser globals Flex UI, React and Paste expect, from one
// jsdom window. Import this before anything that touches the DOM.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'http://localhost/',
  pretendToBeVisual: true,
});
const { window } = dom;
const globals = globalThis as unknown as Record<string, unknown>;

for (const key of Object.getOwnPropertyNames(window)) {
  if (key in globals) continue;
  try {
    globals[key] = (window as unknown as Record<string, unknown>)[key];
  } catch {
    // A few window properties are getters that throw outside a browsing context.
  }
}
Object.defineProperty(globalThis, 'navigator', { value: window.navigator, configurable: true });
globals.self = window;
globals.window = window;
globals.document = window.document;

window.matchMedia = ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent: () => false,
})) as typeof window.matchMedia;
const media = window.HTMLMediaElement.prototype;
media.play = async () => undefined;
media.pause = () => undefined;
media.load = () => undefined;

// Flex fetches two asset files from its CDN at import. Tests never reach the
// network: every request fails unless a test installs its own fetch.
globals.fetch = async (input: unknown) => {
  throw new TypeError(`Tests are offline (fetch ${String(input)}).`);
};


// Flex's bundled scheduler keeps a MessageChannel port listening, which would
// keep every test process alive after its last test; unref its ports.
const NodeMessageChannel = globalThis.MessageChannel;
class UnrefMessageChannel extends NodeMessageChannel {
  constructor() {
    super();
    for (const port of [this.port1, this.port2] as unknown as Array<{ unref?: () => void; addEventListener: Function }>) {
      const unref = () => port.unref?.();
      unref();
      const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(port), 'onmessage');
      if (descriptor?.set) {
        Object.defineProperty(port, 'onmessage', {
          configurable: true,
          get: () => descriptor.get?.call(port),
          set: (value: unknown) => {
            descriptor.set!.call(port, value);
            unref();
          },
        });
      }
    }
  }
}
globals.MessageChannel = UnrefMessageChannel;

export { window, dom };
