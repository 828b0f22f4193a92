// Prettier settings of OCA's 18.0 repositories (oca-addons-repo-template, .prettierrc.cjs;
// prettier 3.3.3 + @prettier/plugin-xml 3.4.1).
module.exports = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
};
