// The sandboxed preload: exposes exactly two functions to the UI through contextBridge. It is
// bundled to one CommonJS file (sandboxed preloads cannot load ESM) and imports no validation
// library: the main process validates every call, the renderer's client validates every answer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { MemsyncBridge } from '../../src-shared/bridge';
import { BRIDGE_KEY } from '../../src-shared/bridge';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, isMethodName } from '../../src-shared/contract/methods';

const bridge: MemsyncBridge = {
  invoke(method, input) {
    if (!isMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'not_found', message: `There is no API method "${String(method)}".` } });
    }
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input);
  },
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
