// The version shown by `doppel --version` and the About box. Read from package.json at build time
// would need a JSON import per entry; a constant checked by a test against package.json is simpler.
export const APP_VERSION = '0.1.0';
