// A recording stand-in for the `electron` module, for unit tests of src-main/electron (no Electron
// binary exists on CI machines). Only what the shell uses is modelled; every call is recorded so
// tests can assert what the shell asked Electron to do.
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  sent: Array<[string, unknown]> = [];
  /** The page's beforeunload handler refuses to unload (unsaved edits). */
  refusesUnload = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  url = '';
  destroyed = false;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.all;
  }
  webContents = new FakeWebContents();
  visible = false;
  loaded: string | undefined;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  position: [number, number] = [0, 0];
  getSize() {
    return [Number(this.options.width ?? 800), Number(this.options.height ?? 600)];
  }
  setPosition(x: number, y: number) {
    this.position = [x, y];
  }
  destroyed = false;
  isDestroyed() {
    return this.destroyed;
  }
  /** Emits 'close' like Electron: returns true when a listener prevented it. */
  tryClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return prevented;
  }
  /**
   * Like Electron's close(): 'close' (a listener may prevent it), then the page's beforeunload: a
   * page that refuses emits 'will-prevent-unload', whose preventDefault means "unload anyway".
   */
  close(): void {
    if (this.tryClose()) return;
    if (this.webContents.refusesUnload) {
      let leave = false;
      this.webContents.emit('will-prevent-unload', { preventDefault: () => (leave = true) });
      if (!leave) return;
    }
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeTray extends EventEmitter {
  static last: FakeTray | undefined;
  tooltip = '';
  menu: Array<{ label?: string; type?: string; click?: () => void }> = [];
  destroyed = false;
  constructor(public image: unknown) {
    super();
    FakeTray.last = this;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: FakeTray['menu'] }) {
    this.menu = menu.items;
  }
  destroy() {
    this.destroyed = true;
  }
  getBounds() {
    return { x: 1200, y: 0, width: 22, height: 22 };
  }
}

export function createFakeElectron() {
  const appEvents = new EventEmitter();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const state = {
    lock: true,
    quitCalls: 0,
    paths: new Map<string, string>([['home', '/nonexistent-home']]),
    appPath: '/app',
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Handler>(),
    ipcHandlers: new Map<string, Handler>(),
    permissionHandler: undefined as Handler | undefined,
    notifications: [] as Array<{ title: string; body: string; click: () => void }>,
    /** Message boxes shown, and the button index the next ones answer with. */
    messageBoxes: [] as Array<{ message: string; buttons: string[]; parent: boolean }>,
    messageBoxAnswer: 0,
    opened: [] as string[],
    loginItem: false,
    shortcuts: new Map<string, () => void>(),
  };

  const app = Object.assign(appEvents, {
    requestSingleInstanceLock: () => state.lock,
    quit: () => {
      state.quitCalls++;
      let prevented = false;
      appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) appEvents.emit('quit');
    },
    whenReady: () => ready,
    getPath: (name: string) => state.paths.get(name) ?? `/fake/${name}`,
    setPath: (name: string, value: string) => state.paths.set(name, value),
    getAppPath: () => state.appPath,
    getVersion: () => '0.0.0-fake',
    dock: { hide: () => {} },
    getLoginItemSettings: () => ({ openAtLogin: state.loginItem }),
    setLoginItemSettings: (settings: { openAtLogin: boolean }) => void (state.loginItem = settings.openAtLogin),
  });

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (items: FakeTray['menu']) => ({ items }) },
    nativeImage: { createFromPath: (p: string) => ({ path: p, setTemplateImage: () => {} }) },
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
    dialog: {
      showMessageBoxSync: (...args: unknown[]) => {
        const options = args.at(-1) as { message: string; buttons: string[] };
        state.messageBoxes.push({ message: options.message, buttons: options.buttons, parent: args.length > 1 });
        return state.messageBoxAnswer;
      },
    },
    globalShortcut: {
      register: (accelerator: string, fn: () => void) => (state.shortcuts.set(accelerator, fn), true),
      unregisterAll: () => state.shortcuts.clear(),
    },
    screen: {
      getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 25, width: 1440, height: 875 } }),
      getCursorScreenPoint: () => ({ x: 100, y: 100 }),
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        if (state.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        state.ipcHandlers.set(channel, handler);
      },
      removeHandler: (channel: string) => state.ipcHandlers.delete(channel),
      // electron-store registers a listener for renderer-side stores; nothing here uses it.
      on: () => {},
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (scheme: string, handler: Handler) => state.protocolHandlers.set(scheme, handler),
    },
    net: { fetch: (url: string) => globalThis.fetch(url).catch(() => readFileResponse(url)) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Handler) => (state.permissionHandler = handler),
      },
    },
    Notification: class extends EventEmitter {
      static isSupported = () => true;
      constructor(private readonly options: { title: string; body: string }) {
        super();
      }
      show() {
        state.notifications.push({ ...this.options, click: () => this.emit('click') });
      }
    },
  };
  return { module, state, ready: () => resolveReady() };
}

/** Node's fetch has no file: scheme; Electron's net.fetch does. */
async function readFileResponse(url: string): Promise<Response> {
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  return new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': 'text/html' } });
}
