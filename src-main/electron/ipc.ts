import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Envelope } from '../../src-shared/contract';
import type { Engine } from '../engine';
import { dispatchApiCall } from '../engine/dispatch';
import { isAppUrl } from './window-security';

/**
 * True when an IPC message comes from the top frame of our own UI. A frame of any other origin
 * (a navigated-away window, an injected iframe) is refused.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  return frame.parent === null && isAppUrl(frame.url);
}

/**
 * The one way main-process IPC handlers are registered: the sender is checked, failures become
 * error envelopes (Electron would otherwise flatten a thrown error into an opaque string), and
 * nothing thrown escapes.
 */
export function handleTrusted(
  ipcMain: IpcMain,
  channel: string,
  handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Envelope<unknown>>,
): void {
  ipcMain.handle(channel, async (event, ...args) => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' } };
    }
    try {
      return await handler(event, ...args);
    } catch {
      return { ok: false, error: { code: 'internal', message: 'Something went wrong inside memsync.' } };
    }
  });
}

/** Connects the shared contract to IPC; returns a function that removes the handler and events. */
export function registerApiIpc(ipcMain: IpcMain, engine: Engine, windows: () => WebContents[]): () => void {
  handleTrusted(ipcMain, IPC_INVOKE_CHANNEL, (_event, method, input) => dispatchApiCall(engine, method, input));
  const off = engine.onEvent((event) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    off();
  };
}
