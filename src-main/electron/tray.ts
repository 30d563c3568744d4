import { Menu, Tray, nativeImage } from 'electron';
import path from 'node:path';
import { trayClickAction, trayIconFile, trayMenuTemplate, type TrayActions, type TrayMenuModel, type TrayState } from './tray-state';

export interface TrayView {
  state: TrayState;
  tooltip: string;
  menu: TrayMenuModel;
}

export interface AppTray {
  /** Shows `view`; the icon, tooltip and menu are replaced only when they changed. */
  show(view: TrayView): void;
  bounds(): Electron.Rectangle | undefined;
  destroy(): void;
}

/**
 * The tray icon: one image per state (template images on macOS), the state in words as its
 * tooltip, and the menu. Electron keeps the Tray alive only while something references it.
 */
export function createTray(iconsDir: string, view: TrayView, actions: TrayActions): AppTray {
  const image = (state: TrayState) => {
    const icon = nativeImage.createFromPath(path.join(iconsDir, trayIconFile(state, process.platform)));
    if (process.platform === 'darwin') icon.setTemplateImage(true);
    return icon;
  };
  const tray = new Tray(image(view.state));
  if (trayClickAction(process.platform) === 'open-window') tray.on('click', () => actions.open());
  let shown: { state?: TrayState; tooltip?: string; menu?: string } = {};

  const show = (next: TrayView) => {
    if (next.state !== shown.state) tray.setImage(image(next.state));
    if (next.tooltip !== shown.tooltip) tray.setToolTip(next.tooltip);
    const menu = JSON.stringify(next.menu);
    if (menu !== shown.menu) tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(next.menu, actions)));
    shown = { state: next.state, tooltip: next.tooltip, menu };
  };
  show(view);
  return {
    show,
    bounds: () => (process.platform === 'linux' ? undefined : tray.getBounds()),
    destroy: () => tray.destroy(),
  };
}
