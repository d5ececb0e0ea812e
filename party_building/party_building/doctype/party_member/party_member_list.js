frappe.listview_settings["Party Member"] = {
	add_fields: ["membership_type", "standing"],
	get_indicator(doc) {
		if (doc.standing !== "Active") return [__(doc.standing, null, "Party Member"), "gray", `standing,=,${doc.standing}`];
		if (doc.membership_type === "Probationary")
			return [__("Probationary"), "orange", "membership_type,=,Probationary"];
		return [__("Full", null, "Party Member"), "green", "membership_type,=,Full"];
	},
	onload(listview) {
		// 党员之家: logins for the chosen members in one action (party_building/portal/service.py)
		if (!frappe.user.has_role(["Branch Secretary", "Party Admin", "System Manager"])) return;
		listview.page.add_actions_menu_item(__("Create Member Logins"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) return frappe.msgprint(__("Choose the members first"));
			frappe.confirm(__("Create logins for {0} members? Each logs in with the mobile number in the register.", [names.length]), () =>
				frappe
					.call({ method: "party_building.portal.service.create_logins", args: { members: names }, freeze: true })
					.then((r) => {
						const rows = (r.message || [])
							.map((m) => `<tr><td>${frappe.utils.escape_html(m.full_name)}</td><td>${m.login}</td><td><code style="font-size:15px">${m.password}</code></td></tr>`)
							.join("");
						frappe.msgprint({
							title: __("Member Logins Created"),
							indicator: "green",
							message: `<p>${__("Pass each member their first password: it is shown only now, and must be changed at the first login. Members open {0} on their phone.", [`<b>${frappe.utils.escape_html(location.host)}/party</b>`])}</p>
								<table class="table table-bordered"><thead><tr><th>${__("Name")}</th><th>${__("Login (mobile number)")}</th><th>${__("First Password")}</th></tr></thead><tbody>${rows}</tbody></table>`,
						});
						listview.refresh();
					})
			);
		});
	},
};
