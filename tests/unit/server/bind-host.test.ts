import { describe, expect, it } from 'vitest';
import { bindAddress, localAddresses } from '../../../src-main/server/bind-host';
import { runMemsync } from '../../helpers/cli';
import { startServe } from '../../helpers/serve-process';
import { makeTempHome } from '../../helpers/temp-home';

/* `serve --host` takes only this machine's addresses and configured names, and looks nothing up. */

describe('bindAddress', () => {
  it('takes this machine\'s addresses, all-interfaces, loopback and localhost', () => {
    for (const address of ['0.0.0.0', '::', '127.0.0.1', '::1', ...localAddresses()]) {
      expect(bindAddress(address, [])).toEqual({ address: address.toLowerCase() });
    }
    expect(bindAddress('localhost', [])).toEqual({ address: '127.0.0.1' });
    expect(bindAddress('[::1]', [])).toEqual({ address: '::1' });
  });

  it('a configured host name listens on every interface; anything else is refused with what would work', () => {
    expect(bindAddress('Pi.local', ['pi.local'])).toEqual({ address: '0.0.0.0' });
    const name = bindAddress('example.com', ['pi.local']);
    expect(name).toMatchObject({ error: expect.stringContaining('example.com is not an address of this machine nor one of its host_names') });
    expect(name).toMatchObject({ error: expect.stringContaining('memsync config set host_names example.com') });
    expect(bindAddress('192.0.2.44', [])).toMatchObject({ error: expect.stringContaining('127.0.0.1') });
  });
});

describe('memsync serve --host', () => {
  it('refuses a name that is neither, without a DNS lookup, and serves on a configured name', async () => {
    const home = await makeTempHome();
    try {
      // .invalid never resolves: a lookup would end in ENOTFOUND ("Cannot listen on …").
      await expect(startServe(home.env, ['--host', 'memsync-test.invalid', '--port', '0'])).rejects.toThrow(
        /memsync-test\.invalid is not an address of this machine nor one of its host_names/,
      );
      expect((await runMemsync(['config', 'set', 'host_names', 'memsync-test.invalid'], home.env)).code).toBe(0);
      const serve = await startServe(home.env, ['--host', 'memsync-test.invalid', '--port', '0']);
      try {
        expect(serve.output()).toContain('other machines can connect');
      } finally {
        await serve.stop();
      }
    } finally {
      await home.cleanup();
    }
  });
});
