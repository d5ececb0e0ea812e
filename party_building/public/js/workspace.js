// The workspace 党建工作 opens with one request. Frappe's widgets each ask the server for their
// document and then their figure (five cards, two charts, a chart source, a shortcut count, the
// dashboard settings): here the page's own request brings all of it along
// (party_building.core.workspace.get_desktop_page), and a later showing of the page asks once
// (party_building.core.workspace.figures). A widget the answer does not hold (one the user may not
// read, or a chart whose filters the user changed) asks Frappe as before.
frappe.provide("party_building.workspace");

const FIGURES = "party_building.core.workspace.figures";
const FRESH_MS = 5000; // the widgets of one showing of the page share one answer

let shared = null; // {at, promise}

// what the page's request brought along, while the page shows (a later showing of the same page,
// from Frappe's page cache, asks again)
const brought = () => {
	const data = frappe.workspace && frappe.workspace.page_data && frappe.workspace.page_data.party_building;
	if (!data) return null;
	if (!data.taken_at) data.taken_at = Date.now();
	return Date.now() - data.taken_at < FRESH_MS ? data : null;
};

party_building.workspace.figures = function () {
	const page = brought();
	if (page && page.figures) return Promise.resolve(page.figures);
	if (!shared || Date.now() - shared.at > FRESH_MS) {
		shared = { at: Date.now(), promise: frappe.xcall(FIGURES, {}).catch(() => null) };
	}
	return shared.promise;
};

const same_filters = (a, b) => JSON.stringify(a || []) === JSON.stringify(b || []);

function patch() {
	const factory = frappe.widget && frappe.widget.widget_factory;
	if (!factory || !frappe.dashboard_utils || party_building.workspace.patched) return;
	party_building.workspace.patched = true;

	// the dashboard settings the desk reads right after the page (its charts' saved filters)
	const get_dashboard_settings = frappe.dashboard_utils.get_dashboard_settings;
	frappe.dashboard_utils.get_dashboard_settings = function () {
		const page = brought();
		if (page && page.dashboard_settings && !page.settings_taken) {
			page.settings_taken = true;
			return Promise.resolve(page.dashboard_settings);
		}
		return get_dashboard_settings.apply(this, arguments);
	};

	// number cards: the document and the number from the one answer
	const Card = factory.number_card.prototype;
	const make_card = Card.make_card;
	Card.make_card = function () {
		const name = this.number_card_name || this.name;
		party_building.workspace.figures().then((figures) => {
			const card = figures && figures.cards && figures.cards[name];
			if (!card) return make_card.call(this);
			this.card_doc = Object.assign({}, card.doc);
			this.pb_value = card.value;
			this.render_card();
			this.set_events();
		});
	};
	const card_data = Card.get_data;
	Card.get_data = async function () {
		if (this.pb_value === undefined) return card_data.call(this);
		this.data = this.pb_value;
		delete this.pb_value; // a refresh asks again
		return this.settings.get_number(this.data);
	};

	// charts: the document and, with the chart's own filters, the data from the one answer
	const Chart = factory.chart.prototype;
	const get_settings = Chart.get_settings;
	Chart.get_settings = function () {
		return party_building.workspace.figures().then((figures) => {
			const chart = figures && figures.charts && figures.charts[this.chart_name];
			if (!chart) return get_settings.call(this);
			this.chart_doc = Object.assign({}, chart.doc);
			this.pb_data = chart.data;
			if (this.chart_doc.chart_type == "Custom") {
				// a source's chart reads no field of its document type: no meta to load for it
				this.chart_doc.document_type = null;
				const source = this.chart_doc.source;
				if (!frappe.dashboards.chart_sources[source] && chart.source_config) {
					frappe.dom.eval(chart.source_config); // as Frappe does with get_config's answer
				}
				this.settings = frappe.dashboards.chart_sources[source];
				if (!this.settings) return get_settings.call(this);
			} else {
				this.settings = { method: "frappe.desk.doctype.dashboard_chart.dashboard_chart.get" };
			}
		});
	};
	const fetch = Chart.fetch;
	Chart.fetch = function (filters, refresh, args) {
		const own = frappe.utils.parse_array(frappe.dashboard_utils.get_all_filters(this.chart_doc));
		const chosen = args && Object.values(args).some((v) => v);
		if (this.pb_data === undefined || chosen || !same_filters(filters, own)) {
			return fetch.call(this, filters, refresh, args);
		}
		const data = this.pb_data;
		delete this.pb_data; // a change of filters or a refresh asks again
		this.pb_served = true;
		return Promise.resolve(data);
	};
	// after its data Frappe reads the chart's document again (for "last synced"): the answer's is fresh
	const update_chart_object = Chart.update_chart_object;
	Chart.update_chart_object = function () {
		if (!this.pb_served) return update_chart_object.call(this);
		this.pb_served = false;
		this.update_last_synced();
	};

	// the meta of a doctype asked for twice at once (a chart's filter and its drawing) is asked once
	const with_doctype = frappe.model.with_doctype;
	const loading = {};
	frappe.model.with_doctype = function (doctype, callback, async) {
		if (locals.DocType[doctype] || async === false) return with_doctype.apply(this, arguments);
		if (!loading[doctype]) {
			let answer;
			const done = () => delete loading[doctype];
			// frappe.call answers with a jQuery promise (no finally)
			loading[doctype] = Promise.resolve(with_doctype.call(this, doctype, (r) => (answer = r), async)).then(
				() => (done(), answer),
				(error) => {
					done();
					throw error;
				}
			);
		}
		return loading[doctype].then((r) => {
			callback && callback(r);
			return r;
		});
	};

	// shortcuts: the count from the one answer
	const Shortcut = factory.shortcut.prototype;
	const set_actions = Shortcut.set_actions;
	Shortcut.set_actions = function () {
		if (this.in_customize_mode || this.type != "DocType" || !this.stats_filter) {
			return set_actions.call(this);
		}
		const count_shortcut = frappe.db.count;
		const label = this.label;
		frappe.db.count = function (doctype, args) {
			frappe.db.count = count_shortcut;
			return party_building.workspace.figures().then((figures) => {
				const count = figures && figures.shortcuts && figures.shortcuts[label];
				return count === undefined ? count_shortcut.call(frappe.db, doctype, args) : count;
			});
		};
		try {
			return set_actions.call(this);
		} finally {
			frappe.db.count = count_shortcut;
		}
	};
}

// the desk's scripts load before the app's: patched at once (app_ready would come after the first
// page has asked)
patch();
$(document).on("app_ready", patch);
