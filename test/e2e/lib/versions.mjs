// Pinned versions of what the real-VS-Code harness installs (into .e2e/cache, reused between runs).
// Bumping one of these starts a fresh install in its own versioned cache folder.

/** Node 24 from npm (binary + headers), the runtime code-server 4.139 needs. */
export const NODE24_VERSION = '24.21.0';
/** code-server: VS Code 1.10x served to a browser; its postinstall builds native modules against NODE24. */
export const CODE_SERVER_VERSION = '4.139.1';
/** Debian's chromium drives the workbench through playwright-core (a devDependency). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
