/** `npm run chromium:install`: locates (installing with apt when missing) Debian's Chromium; prints its path and version. */
import { chromiumVersion, ensureChromium } from '../toolchain/chromium';

const file = ensureChromium();
process.stdout.write(`${file} (${chromiumVersion(file)})\n`);
