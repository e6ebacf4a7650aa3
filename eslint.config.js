import config from "@scorecard/eslint-config";
export default config;
