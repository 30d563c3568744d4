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
  /** Set by createFakeElectron: Electron announces every new web contents on `app`. */
  static onCreate: (window: FakeBrowserWindow) => void = () => {};
  static getAllWindows() {
    return FakeBrowserWindow.all;
  }
  webContents = new FakeWebContents();
  visible = false;
  loaded: string | undefined;
  maximized = false;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    FakeBrowserWindow.onCreate(this);
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  /** Where the window is (x/y/width/height it was created with, moved by setPosition). */
  getNormalBounds() {
    const [width, height] = this.getSize();
    return { x: this.position[0] || Number(this.options.x ?? 0), y: this.position[1] || Number(this.options.y ?? 0), width: width!, height: height! };
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

export type FakeMenuItem = { label?: string; type?: string; enabled?: boolean; checked?: boolean; accelerator?: string; click?: () => void };

export class FakeTray extends EventEmitter {
  static last: FakeTray | undefined;
  tooltip = '';
  menu: FakeMenuItem[] = [];
  /** How often the menu was replaced (it is rebuilt only when it changed). */
  menuBuilds = 0;
  destroyed = false;
  constructor(public image: { path: string }) {
    super();
    FakeTray.last = this;
  }
  setImage(image: { path: string }) {
    this.image = image;
  }
  /** The menu item labelled `label` (a test fails clearly when it is missing). */
  item(label: string | RegExp): FakeMenuItem {
    const found = this.menu.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));
    if (!found) throw new Error(`no tray menu item ${String(label)} in ${this.menu.map((i) => i.label ?? '—').join(' | ')}`);
    return found;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: FakeTray['menu'] }) {
    this.menu = menu.items;
    this.menuBuilds++;
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
    loginItemSettings: [] as unknown[],
    wasOpenedAtLogin: false,
    shortcuts: new Map<string, () => void>(),
    /** Accelerators another app holds: register() answers false for them. */
    takenShortcuts: new Set<string>(),
    isPackaged: false,
    appUserModelId: undefined as string | undefined,
    switches: [] as Array<[string, string | undefined]>,
    displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 } }],
    cursor: { x: 100, y: 100 },
  };
  const powerMonitor = new EventEmitter();
  FakeBrowserWindow.onCreate = (window) => appEvents.emit('web-contents-created', {}, window.webContents);

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
    getLoginItemSettings: () => ({ openAtLogin: state.loginItem, wasOpenedAtLogin: state.wasOpenedAtLogin, executableWillLaunchAtLogin: state.loginItem }),
    setLoginItemSettings: (settings: { openAtLogin: boolean }) => {
      state.loginItemSettings.push(settings);
      state.loginItem = settings.openAtLogin;
    },
    setAppUserModelId: (id: string) => void (state.appUserModelId = id),
    commandLine: { appendSwitch: (name: string, value?: string) => void state.switches.push([name, value]) },
    get isPackaged() {
      return state.isPackaged;
    },
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
      register: (accelerator: string, fn: () => void) => {
        if (state.takenShortcuts.has(accelerator)) return false;
        state.shortcuts.set(accelerator, fn);
        return true;
      },
      unregister: (accelerator: string) => state.shortcuts.delete(accelerator),
      unregisterAll: () => state.shortcuts.clear(),
    },
    powerMonitor,
    screen: {
      getAllDisplays: () => state.displays,
      getPrimaryDisplay: () => state.displays[0]!,
      getDisplayNearestPoint: (point: { x: number; y: number }) =>
        state.displays.find((d) => point.x >= d.bounds.x && point.x < d.bounds.x + d.bounds.width && point.y >= d.bounds.y && point.y < d.bounds.y + d.bounds.height) ?? state.displays[0]!,
      getCursorScreenPoint: () => state.cursor,
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
