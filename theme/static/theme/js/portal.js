/* 监督公示平台 — small progressive enhancements, no framework (docs/theme.md).
 * - 长辈模式 (elder-friendly mode): [data-elder-toggle] buttons toggle html/body.elder and the
 *   elder_mode cookie that the server reads (so the next page renders without a flash).
 * - Main nav: on wide screens the <details> menu is opened (older browsers that cannot
 *   force it open with CSS).
 * - [data-print] buttons print the page.
 * Written in ES5 so that old intranet browsers run it too.
 */
(function () {
    "use strict";

    var COOKIE = "elder_mode";
    var YEAR = 60 * 60 * 24 * 365;
    var WIDE = "(min-width: 64em)";

    function setElderCookie(on) {
        var secure = window.location.protocol === "https:" ? "; Secure" : "";
        document.cookie = on
            ? COOKIE + "=1; path=/; max-age=" + YEAR + "; SameSite=Lax" + secure
            : COOKIE + "=; path=/; max-age=0; SameSite=Lax" + secure;
    }

    function setClass(element, name, on) {
        if (on) {
            element.classList.add(name);
        } else {
            element.classList.remove(name);
        }
    }

    function setElderMode(on, buttons) {
        setClass(document.documentElement, "elder", on);
        setClass(document.body, "elder", on);
        for (var i = 0; i < buttons.length; i++) {
            buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
        }
        setElderCookie(on);
    }

    function initElderToggle() {
        var buttons = document.querySelectorAll("[data-elder-toggle]");
        for (var i = 0; i < buttons.length; i++) {
            buttons[i].addEventListener("click", function () {
                setElderMode(!document.body.classList.contains("elder"), buttons);
            });
        }
    }

    function initNavMenu() {
        var menu = document.querySelector("[data-nav-menu]");
        if (!menu || !window.matchMedia) {
            return;
        }
        var query = window.matchMedia(WIDE);
        var sync = function () {
            if (query.matches) {
                menu.open = true;
            }
        };
        sync();
        if (query.addEventListener) {
            query.addEventListener("change", sync);
        } else if (query.addListener) {
            query.addListener(sync);
        }
    }

    function initPrintButtons() {
        var buttons = document.querySelectorAll("[data-print]");
        for (var i = 0; i < buttons.length; i++) {
            buttons[i].addEventListener("click", function () {
                window.print();
            });
        }
    }

    function init() {
        setClass(document.documentElement, "js", true);
        initElderToggle();
        initNavMenu();
        initPrintButtons();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
