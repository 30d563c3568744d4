import pkg from '../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
/** What people call the product (CLI name, tray tooltip, window title). */
export const PRODUCT_NAME = 'memsync';
