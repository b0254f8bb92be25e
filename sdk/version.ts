/** Version sent in every batch's `meta.sdkVersion`; kept in step with package.json by the release. */
export const SDK_VERSION = "0.1.0";
