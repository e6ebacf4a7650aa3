import base from "@scorecard/eslint-config";
import pluginVue from "eslint-plugin-vue";
import tseslint from "typescript-eslint";

export default [
  ...base,
  ...pluginVue.configs["flat/essential"],
  { files: ["**/*.vue"], languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".vue"], sourceType: "module" } } },
  { rules: { "vue/multi-word-component-names": "off" } },
  { ignores: ["dist/**", "src/components.d.ts"] },
];
