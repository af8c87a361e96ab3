/* 监督公示平台 — small progressive enhancements, no framework (docs/theme.md).
 * - 长辈模式 (elder-friendly mode): [data-elder-toggle] buttons toggle html/body.elder and the
 *   elder_mode cookie that the server reads (so the next page renders without a flash).
 * - Main nav: on wide screens the <details> menu is opened (older browsers that cannot
 *   force it open with CSS).
 * - [data-print] buttons print the page.
 * - Type-ahead: search boxes with [data-suggest-url] become ARIA 1.2 comboboxes listing
 *   facility names from /search/suggest/ (Enter on a suggestion opens its profile; without
 *   JS, or without a choice, the form is submitted as usual). [data-search-refine] (the
 *   search page's facets) is opened on wide screens like the main nav.
 *   With [data-suggest-pick="<id of a hidden input>"] (the complaint forms' facility field) a
 *   choice fills the box with the name and the hidden input with the facility's id instead
 *   of opening its profile; typing again clears the id.
 * - Complaint forms: [data-captcha-refresh] fetches a new CAPTCHA (/captcha/refresh/) and
 *   swaps image, key and audio link; [data-identity-toggle] (匿名) hides [data-identity];
 *   an error summary [data-error-summary] takes the focus, and its links focus the field.
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

    function initNavMenu(selector) {
        var menu = document.querySelector(selector);
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

    /* --- Type-ahead (ARIA 1.2 combobox with a listbox popup) --------------------------- */

    var SUGGEST_DELAY = 200;
    var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
    var WORD = /[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

    function longEnough(text) {
        return CJK.test(text) || (text.match(WORD) || []).length >= 2;
    }

    function Typeahead(input, n) {
        this.input = input;
        this.url = input.getAttribute("data-suggest-url");
        this.statusText = input.getAttribute("data-suggest-status") || "";
        this.items = [];
        this.active = -1;
        this.timer = null;
        this.request = null;
        this.cache = {};
        var pick = input.getAttribute("data-suggest-pick");
        this.pick = pick ? document.getElementById(pick) : null;
        this.chosenText = input.getAttribute("data-suggest-chosen") || "";
        var id = (input.id || "search-" + n) + "-suggestions";
        var list = document.createElement("ul");
        list.id = id;
        list.className = "suggest";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
        list.hidden = true;
        this.list = list;
        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        this.status = status;
        input.parentNode.appendChild(list);
        input.parentNode.appendChild(status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", id);
        input.setAttribute("autocomplete", "off");
        this.bind();
    }

    Typeahead.prototype.bind = function () {
        var self = this;
        var schedule = function () {
            window.clearTimeout(self.timer);
            self.timer = window.setTimeout(function () {
                self.fetch(self.input.value);
            }, SUGGEST_DELAY);
        };
        // Chinese input methods: wait until the characters are chosen (compositionend).
        self.composing = false;
        self.input.addEventListener("compositionstart", function () {
            self.composing = true;
        });
        self.input.addEventListener("compositionend", function () {
            self.composing = false;
            schedule();
        });
        self.input.addEventListener("input", function () {
            if (self.pick) {
                self.pick.value = ""; // typed text: no longer the listed facility
            }
            if (!self.composing) {
                schedule();
            }
        });
        self.input.addEventListener("keydown", function (event) {
            // Keys pressed while an input method is composing belong to it (Enter picks its
            // candidate, arrows move in its list).
            if (!self.composing && !event.isComposing && event.keyCode !== 229) {
                self.onKey(event);
            }
        });
        self.input.addEventListener("blur", function () {
            self.close();
        });
        // Keep the focus in the box while an option is clicked (blur would close the list).
        self.list.addEventListener("mousedown", function (event) {
            event.preventDefault();
        });
        self.list.addEventListener("click", function (event) {
            var option = event.target;
            while (option && option !== self.list && !option.hasAttribute("data-index")) {
                option = option.parentNode;
            }
            if (option && option !== self.list) {
                self.choose(parseInt(option.getAttribute("data-index"), 10));
            }
        });
    };

    Typeahead.prototype.onKey = function (event) {
        var key = event.key;
        var open = !this.list.hidden;
        if (key === "ArrowDown" || key === "Down") {
            if (!this.items.length) {
                return;
            }
            event.preventDefault();
            this.open();
            this.move(this.active + 1 >= this.items.length ? 0 : this.active + 1);
        } else if (key === "ArrowUp" || key === "Up") {
            if (!this.items.length) {
                return;
            }
            event.preventDefault();
            this.open();
            this.move(this.active <= 0 ? this.items.length - 1 : this.active - 1);
        } else if (key === "Enter") {
            if (open && this.active >= 0) {
                event.preventDefault();
                this.choose(this.active);
            }
        } else if (key === "Escape" || key === "Esc") {
            if (open) {
                event.preventDefault();
                this.close();
            }
        } else if (key === "Tab") {
            this.close();
        }
    };

    Typeahead.prototype.fetch = function (raw) {
        var self = this;
        var text = raw.replace(/^\s+|\s+$/g, "");
        if (!longEnough(text)) {
            self.show([]);
            return;
        }
        if (self.cache.hasOwnProperty(text)) {
            self.show(self.cache[text]);
            return;
        }
        if (self.request) {
            self.request.abort();
        }
        var request = new XMLHttpRequest();
        var sep = self.url.indexOf("?") === -1 ? "?" : "&";
        request.open("GET", self.url + sep + "q=" + encodeURIComponent(text));
        request.setRequestHeader("Accept", "application/json");
        request.onload = function () {
            if (request.status !== 200) {
                return;
            }
            var items = [];
            try {
                items = JSON.parse(request.responseText).suggestions || [];
            } catch (error) {
                items = [];
            }
            self.cache[text] = items;
            if (self.input.value.replace(/^\s+|\s+$/g, "") === text) {
                self.show(items);
            }
        };
        self.request = request;
        request.send();
    };

    Typeahead.prototype.show = function (items) {
        this.items = items;
        this.active = -1;
        this.input.removeAttribute("aria-activedescendant");
        while (this.list.firstChild) {
            this.list.removeChild(this.list.firstChild);
        }
        for (var i = 0; i < items.length; i++) {
            var option = document.createElement("li");
            option.id = this.list.id + "-" + i;
            option.className = "suggest__option";
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.setAttribute("data-url", items[i].url || "");
            option.setAttribute("data-index", String(i));
            var title = document.createElement("span");
            title.className = "suggest__title";
            title.textContent = items[i].title;
            option.appendChild(title);
            if (items[i].code) {
                var code = document.createElement("span");
                code.className = "suggest__code";
                code.textContent = items[i].code;
                option.appendChild(code);
            }
            this.list.appendChild(option);
        }
        if (items.length && document.activeElement === this.input) {
            this.open();
            this.status.textContent = items.length + " " + this.statusText;
        } else {
            this.close();
            this.status.textContent = "";
        }
    };

    Typeahead.prototype.open = function () {
        this.list.hidden = false;
        this.input.setAttribute("aria-expanded", "true");
    };

    Typeahead.prototype.close = function () {
        this.list.hidden = true;
        this.input.setAttribute("aria-expanded", "false");
        this.input.removeAttribute("aria-activedescendant");
        this.move(-1);
    };

    Typeahead.prototype.move = function (index) {
        var options = this.list.children;
        for (var i = 0; i < options.length; i++) {
            options[i].setAttribute("aria-selected", i === index ? "true" : "false");
        }
        this.active = index;
        if (index >= 0 && options[index]) {
            this.input.setAttribute("aria-activedescendant", options[index].id);
            if (options[index].scrollIntoView) {
                options[index].scrollIntoView({ block: "nearest" });
            }
        }
    };

    Typeahead.prototype.choose = function (index) {
        var item = this.items[index];
        if (!item) {
            return;
        }
        if (this.pick) {
            this.input.value = item.title;
            this.pick.value = item.id;
            this.close();
            this.status.textContent = this.chosenText + item.title;
        } else {
            this.go(item.url);
        }
    };

    Typeahead.prototype.go = function (url) {
        if (url) {
            this.close();
            window.location.href = url;
        }
    };

    function initTypeahead() {
        if (!window.XMLHttpRequest || !window.JSON) {
            return;
        }
        var inputs = document.querySelectorAll("input[data-suggest-url]");
        for (var i = 0; i < inputs.length; i++) {
            new Typeahead(inputs[i], i); // eslint-disable-line no-new
        }
    }

    /* --- Complaint forms (/report/…, /track/…) ------------------------------------------ */

    function ancestor(element, attribute) {
        while (element && element.nodeType === 1 && !element.hasAttribute(attribute)) {
            element = element.parentNode;
        }
        return element && element.nodeType === 1 ? element : null;
    }

    function refreshCaptcha(button) {
        var box = ancestor(button, "data-captcha");
        if (!box) {
            return;
        }
        var request = new XMLHttpRequest();
        request.open("GET", button.getAttribute("data-captcha-refresh"));
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.setRequestHeader("Accept", "application/json");
        request.onload = function () {
            var data;
            try {
                data = JSON.parse(request.responseText);
            } catch (error) {
                return;
            }
            if (request.status !== 200 || !data.key) {
                return;
            }
            var image = box.querySelector("[data-captcha-image]");
            var key = box.querySelector("input[type=hidden]");
            var answer = box.querySelector("input[type=text]");
            var audio = box.querySelector("[data-captcha-audio]");
            var status = box.querySelector("[data-captcha-status]");
            image.src = data.image_url;
            key.value = data.key;
            if (audio) {
                audio.href = data.audio_url || "/captcha/audio/" + data.key + ".wav";
            }
            answer.value = "";
            answer.focus();
            if (status) {
                status.textContent = button.getAttribute("data-captcha-done") || "";
            }
        };
        request.send();
    }

    function initCaptcha() {
        var buttons = document.querySelectorAll("[data-captcha-refresh]");
        for (var i = 0; i < buttons.length; i++) {
            buttons[i].addEventListener("click", function (event) {
                refreshCaptcha(event.currentTarget);
            });
        }
    }

    function initIdentityToggle() {
        var toggle = document.querySelector("[data-identity-toggle]");
        var identity = document.querySelector("[data-identity]");
        if (!toggle || !identity) {
            return;
        }
        var sync = function () {
            identity.hidden = toggle.checked;
        };
        toggle.addEventListener("change", sync);
        sync();
    }

    function initErrorSummary() {
        var summary = document.querySelector("[data-error-summary]");
        if (!summary) {
            return;
        }
        summary.focus();
        var links = summary.querySelectorAll("a[href^='#']");
        for (var i = 0; i < links.length; i++) {
            links[i].addEventListener("click", function (event) {
                var target = document.getElementById(event.currentTarget.getAttribute("href").slice(1));
                if (!target) {
                    return;
                }
                event.preventDefault();
                var label = document.querySelector("label[for='" + target.id + "']");
                (label || target).scrollIntoView();
                target.focus();
            });
        }
    }

    function init() {
        setClass(document.documentElement, "js", true);
        initElderToggle();
        initNavMenu("[data-nav-menu]");
        initNavMenu("[data-search-refine]");
        initPrintButtons();
        initTypeahead();
        initCaptcha();
        initIdentityToggle();
        initErrorSummary();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
