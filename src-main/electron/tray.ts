import { Menu, Tray, nativeImage } from 'electron';
import { PRODUCT_NAME } from '../app-info';

export interface TrayActions {
  open(): void;
  quickNote(): void;
  quit(): void;
}

/** The global shortcut for the quick note (Electron's accelerator syntax: ⌘⇧M on macOS, Ctrl+Shift+M elsewhere). */
export const QUICK_NOTE_SHORTCUT = 'CommandOrControl+Shift+M';

/** The tray menu as data, so its items and their order are tested without a tray. */
export function trayMenuTemplate(actions: TrayActions): Electron.MenuItemConstructorOptions[] {
  return [
    { label: `Open ${PRODUCT_NAME}`, click: () => actions.open() },
    { label: 'Quick note…', accelerator: QUICK_NOTE_SHORTCUT, click: () => actions.quickNote() },
    { type: 'separator' },
    { label: `Quit ${PRODUCT_NAME}`, role: 'quit', click: () => actions.quit() },
  ];
}

/**
 * The tray icon. macOS gets a template image (drawn by the system in the menu bar's colours);
 * a click opens the window on Windows and Linux, where a click does not open the menu.
 */
export function createTray(iconPath: string, actions: TrayActions): Tray {
  const image = nativeImage.createFromPath(iconPath);
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.setToolTip(PRODUCT_NAME);
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions)));
  if (process.platform !== 'darwin') tray.on('click', () => actions.open());
  return tray;
}
