/** Puppeteer must not download its own browser: daftarin uses Debian's Chromium (CHROMIUM_PATH). */
module.exports = { skipDownload: true };
