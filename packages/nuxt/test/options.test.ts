import { describe, expect, it } from 'vitest';
import { checkModuleOptions } from '../src/options.js';

describe('module options', () => {
  it('gives the endpoint route, the default one when unset, or false for none', () => {
    expect(checkModuleOptions({})).toBe('/api/intercom-identity');
    expect(checkModuleOptions({ route: '/intercom' })).toBe('/intercom');
    expect(checkModuleOptions({ route: false })).toBe(false);
  });

  it.each([{ route: 'api/intercom' }, { route: 42 }, { resolveUser: () => null }])(
    'refuses %o with HANDLER_OPTIONS_INVALID, the code of every adapter',
    (options) => {
      expect(() => checkModuleOptions(options)).toThrow(expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }));
    },
  );
});
