// Checking deployment zips (issue 12). The one entry point is lintZip; `lambda-runtime-kit lint FILE.zip`, a
// template whose CodeUri is a zip, and `lambda-runtime-kit package` after writing each zip all go through it.
export { lintZip, type ZipLintOptions } from './lint-zip';
export { layersFromTemplate, type ZipLayer } from './layers';
export { MAX_DIRECT_UPLOAD_BYTES, MAX_UNZIPPED_BYTES } from './size';
