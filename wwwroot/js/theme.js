// Remembers the operator's light or dark choice for a year (MainLayout calls it when the theme button is pressed),
// so the server renders the next page in that theme from its first byte instead of flashing the other one.
window.piranhaTheme = {
    remember(dark) {
        document.cookie = `piranhanet-theme=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
    },
};
