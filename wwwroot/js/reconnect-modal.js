// Opens and closes the reconnect dialog (Components/Layout/ReconnectModal.razor) as blazor.web.js reports the
// circuit's state, and wires its Retry and Resume buttons to the script's own calls.
const dialog = document.getElementById("components-reconnect-modal");

dialog.addEventListener("components-reconnect-state-changed", event => {
    const state = event.detail.state;
    if (state === "hide") {
        dialog.close();
    } else if (!dialog.open) {
        dialog.showModal();
    }
    if (state === "failed") {
        // A tab in the background gave up; try again as soon as the operator looks at it.
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
});

document.getElementById("reconnect-retry").addEventListener("click", retry);
document.getElementById("reconnect-resume").addEventListener("click", resume);

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        // false: the server no longer knows the circuit; a new page is the only way on.
        if (!await Blazor.reconnect()) {
            location.reload();
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) {
            location.reload();
        }
    } catch {
        dialog.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        retry();
    }
}
