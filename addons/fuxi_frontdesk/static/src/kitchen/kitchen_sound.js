/**
 * The kitchen's sounds: one short beep for new work (a new ticket, a fired course, a void),
 * a distinct rising triple tone for a rush, so a cook can tell them apart without looking.
 * One AudioContext for the page (browsers cap how many a page may open); browsers start it
 * suspended until the first tap on the page, so every tap on the screen resumes it.
 */
let context = null;

function audioContext() {
    if (!context) {
        const AudioContextClass = window.AudioContext || window.webkitAudioContext;
        if (!AudioContextClass) {
            return null;
        }
        context = new AudioContextClass();
    }
    return context;
}

/** Called from a tap: lets the browser play the next sounds. */
export function unlockSound() {
    try {
        const ctx = audioContext();
        if (ctx && ctx.state === "suspended") {
            ctx.resume();
        }
    } catch {
        // no sound on this screen
    }
}

function playTones(tones) {
    try {
        const ctx = audioContext();
        if (!ctx) {
            return;
        }
        let start = ctx.currentTime;
        for (const [frequency, duration] of tones) {
            const oscillator = ctx.createOscillator();
            const gain = ctx.createGain();
            oscillator.type = "square";
            oscillator.frequency.value = frequency;
            gain.gain.value = 0.2;
            oscillator.connect(gain);
            gain.connect(ctx.destination);
            oscillator.start(start);
            oscillator.stop(start + duration);
            start += duration + 0.05;
        }
    } catch {
        // no sound on this screen
    }
}

export const kitchenSound = {
    /** New work on the screen. */
    beep() {
        playTones([[880, 0.15]]);
    },
    /** A rush from the floor: three rising tones. */
    rush() {
        playTones([
            [988, 0.12],
            [1319, 0.12],
            [1760, 0.25],
        ]);
    },
};
