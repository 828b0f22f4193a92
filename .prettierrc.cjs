// Prettier settings of OCA's 18.0 repositories (oca-addons-repo-template, .prettierrc.cjs;
// prettier 3.3.3 + @prettier/plugin-xml 3.4.1). OCA repositories indent by 4 through their
// .editorconfig; this repository has none, so tabWidth says it here.
module.exports = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    tabWidth: 4,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
};
