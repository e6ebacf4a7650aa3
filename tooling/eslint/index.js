// Shared flat config for every workspace: eslint recommended + typescript-eslint recommended.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// One home for the court's calendar (architecture.md): nothing but packages/rules/src/calendar.ts
// takes a period ("2023-03"), quarter or date string apart by position.
const CALENDAR_MESSAGE =
  "Period, quarter and date strings are taken apart only by the calendar module (packages/rules/src/calendar.ts, exported from @scorecard/rules): use yearOf, monthOf, monthKey, splitPeriod, quarterOfPeriod, shanghaiDay, dayLabel… instead of slicing or splitting the string. (Slicing an array, not a date? Name the count in a constant.)";
const SLICES = ["slice", "substring", "substr"].join("|");
const positional = (args) =>
  `CallExpression[callee.type="MemberExpression"][callee.property.name=/^(${SLICES})$/][arguments.length=${args.length}]` +
  args.map((v, i) => `[arguments.${i}.type="Literal"][arguments.${i}.value=${v}]`).join("");
const calendarSyntax = [
  ...[[0, 4], [5, 7], [0, 7], [5], [8, 10], [5, 10]].map((args) => ({ selector: positional(args), message: CALENDAR_MESSAGE })),
  { selector: 'CallExpression[callee.type="MemberExpression"][callee.property.name="split"][arguments.0.type="Literal"][arguments.0.value="-"]', message: CALENDAR_MESSAGE },
];

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      // TypeScript (tsc, vue-tsc) already checks undefined names, with the right globals
      "no-undef": "off",
      "no-restricted-syntax": ["error", ...calendarSyntax],
    },
  },
  { files: ["**/packages/rules/src/calendar.ts"], rules: { "no-restricted-syntax": "off" } },
);
