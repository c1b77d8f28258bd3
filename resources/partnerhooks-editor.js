/*
 * Shared Node-RED editor code of the partnerhooks nodes: the grouped event picker of the Partnero and PartnerStack
 * triggers, their sample-event button and the config nodes' "Test connection". Node-RED serves a package's
 * resources/ folder at resources/<package name>/, and every .html that needs this file includes it; the guard
 * below makes the second inclusion a no-op, so the nodes share one copy.
 */
(function () {
	'use strict';
	if (window.PartnerHooksEditor) return;

	var uid = 0;

	/** Text as HTML that shows it literally: RED.notify renders its message as HTML. */
	function escapeHtml(text) {
		return String(text)
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, '&#39;');
	}

	/**
	 * RED.notify for text that may carry what others typed: node names, event names, server messages (which
	 * echo a refused event name).
	 */
	function notifyText(text, options) {
		return RED.notify(escapeHtml(text), options);
	}

	/** The events a trigger saved: a list today, a comma-separated string in flows written by hand or by older code. */
	function savedEvents(value) {
		if (Array.isArray(value)) return value.slice();
		return typeof value === 'string' && value
			? value
					.split(',')
					.map(function (e) {
						return e.trim();
					})
					.filter(Boolean)
			: [];
	}

	/**
	 * Grouped checkboxes with a filter box, a "whole group" toggle per group and "All events".
	 * options:
	 *   container   jQuery element to fill
	 *   events      [{name, group, description, note?}] in display order
	 *   groupLabel  function(group) → heading text (optional)
	 *   chosen      the saved events (list or comma string)
	 *   allMeansNone  true (Partnero): "All events" saves [] — the trigger then subscribes to every event of the
	 *                 program's type, which is not the same as every catalogue event. false (PartnerStack, which has
	 *                 no "all events" subscription): "All events" ticks every listed event.
	 * Returns {value(): string[]} — the chosen names in catalogue order; names not in the catalogue are kept.
	 */
	function eventPicker(options) {
		var box = options.container.empty().addClass('partnerhooks-picker');
		var id = 'partnerhooks-picker-' + ++uid;
		var chosen = savedEvents(options.chosen);
		var known = options.events.map(function (e) {
			return e.name;
		});
		var unknown = chosen.filter(function (name) {
			return known.indexOf(name) === -1;
		});
		var allMeansNone = options.allMeansNone === true;

		var bar = $('<div>')
			.css({ display: 'flex', gap: '8px', alignItems: 'center', marginBottom: '6px' })
			.appendTo(box);
		var filter = $('<input type="text" class="partnerhooks-picker-filter">')
			.attr({ placeholder: 'Filter events', 'aria-label': 'Filter events' })
			.css({ flex: '1 1 auto', width: 'auto' })
			.appendTo(bar);
		var allLabel = $('<label>')
			.css({ width: 'auto', margin: 0, whiteSpace: 'nowrap' })
			.appendTo(bar);
		var all = $('<input type="checkbox" class="partnerhooks-picker-all">')
			.attr('id', id + '-all')
			.css({ width: 'auto', margin: '0 4px 0 0' })
			.appendTo(allLabel);
		allLabel.append($('<span>').text('All events'));
		var count = $('<span class="partnerhooks-picker-count">')
			.css({ whiteSpace: 'nowrap', opacity: 0.7 })
			.appendTo(bar);

		var list = $('<div class="partnerhooks-picker-groups">')
			.css({
				maxHeight: '260px',
				overflowY: 'auto',
				border: '1px solid var(--red-ui-form-input-border-color, #ccc)',
				borderRadius: '4px',
				padding: '4px 8px',
			})
			.appendTo(box);

		var groups = {};
		var order = [];
		options.events.forEach(function (e) {
			if (!groups[e.group]) {
				order.push(e.group);
				var section = $('<div class="partnerhooks-picker-group">')
					.attr('data-group', e.group)
					.appendTo(list);
				var head = $('<label>')
					.css({ display: 'block', width: 'auto', fontWeight: 'bold', margin: '4px 0 2px' })
					.appendTo(section);
				var toggle = $('<input type="checkbox" class="partnerhooks-picker-group-toggle">')
					.attr('data-group', e.group)
					.css({ width: 'auto', margin: '0 6px 0 0' })
					.appendTo(head);
				head.append($('<span>').text(options.groupLabel ? options.groupLabel(e.group) : e.group));
				groups[e.group] = {
					section: section,
					toggle: toggle,
					items: $('<div>').css({ paddingLeft: '20px' }).appendTo(section),
				};
			}
			var row = $('<label class="partnerhooks-picker-event">')
				.attr({ 'data-event': e.name, title: e.description || '' })
				.css({ display: 'block', width: 'auto', margin: '1px 0', fontWeight: 'normal' })
				.appendTo(groups[e.group].items);
			$('<input type="checkbox">')
				.val(e.name)
				.prop('checked', chosen.indexOf(e.name) !== -1)
				.css({ width: 'auto', margin: '0 6px 0 0' })
				.appendTo(row);
			row.append($('<code>').text(e.name));
			if (e.note) row.append($('<span>').css({ opacity: 0.7, marginLeft: '6px' }).text(e.note));
		});

		function boxes(scope) {
			return (scope || list).find('.partnerhooks-picker-event input[type=checkbox]');
		}
		function refresh() {
			order.forEach(function (g) {
				var own = boxes(groups[g].items);
				var on = own.filter(':checked').length;
				groups[g].toggle.prop({
					checked: on === own.length && on > 0,
					indeterminate: on > 0 && on < own.length,
				});
			});
			var ticked = boxes().filter(':checked').length;
			if (allMeansNone) {
				list.find('input[type=checkbox]').prop('disabled', all.is(':checked'));
				list.css('opacity', all.is(':checked') ? 0.5 : 1);
				count.text(all.is(':checked') ? 'every event of the program' : ticked + ' chosen');
			} else {
				all.prop({
					checked: ticked === known.length,
					indeterminate: ticked > 0 && ticked < known.length,
				});
				count.text(ticked + ' chosen');
			}
		}

		list.on('change', '.partnerhooks-picker-group-toggle', function () {
			var g = groups[$(this).attr('data-group')];
			// Only the rows the filter shows: "whole group" on a filtered list means the events you can see.
			boxes(g.items)
				.filter(function () {
					return $(this).closest('.partnerhooks-picker-event').is(':visible') || !filter.val();
				})
				.prop('checked', $(this).is(':checked'));
			refresh();
		});
		list.on('change', '.partnerhooks-picker-event input', refresh);
		all.on('change', function () {
			if (!allMeansNone) boxes().prop('checked', all.is(':checked'));
			refresh();
		});
		filter.on('input', function () {
			var q = String(filter.val() || '')
				.trim()
				.toLowerCase();
			order.forEach(function (g) {
				var shown = 0;
				groups[g].items.children().each(function () {
					var row = $(this);
					var match =
						!q ||
						row.attr('data-event').toLowerCase().indexOf(q) !== -1 ||
						String(row.attr('title') || '')
							.toLowerCase()
							.indexOf(q) !== -1;
					row.toggle(match);
					if (match) shown++;
				});
				groups[g].section.toggle(shown > 0);
			});
		});

		all.prop('checked', allMeansNone && chosen.length === 0);
		refresh();

		return {
			value: function () {
				if (allMeansNone && all.is(':checked')) return [];
				var picked = boxes()
					.filter(':checked')
					.map(function () {
						return this.value;
					})
					.get();
				return picked.concat(unknown);
			},
		};
	}

	/** "Test connection" of a config node: POSTs the dialog's values, shows the ✓/✗ answer. */
	function testConnection(node, options) {
		$(options.button).on('click', function () {
			var result = $(options.result).text(node._(options.type + '.test.checking'));
			var body = { id: node.id };
			options.fields.forEach(function (f) {
				body[f] = $('#node-config-input-' + f).val();
			});
			$.ajax({
				url: options.url,
				type: 'POST',
				contentType: 'application/json',
				data: JSON.stringify(body),
			})
				.done(function (r) {
					result.text((r.ok ? '✓ ' : '✗ ') + r.message);
				})
				.fail(function (xhr) {
					result.text('✗ ' + ((xhr.responseJSON && xhr.responseJSON.message) || xhr.statusText));
				});
		});
	}

	/** The public-URL placeholder both config dialogs show: this editor's own origin. */
	function publicUrlPlaceholder() {
		if (!$('#node-config-input-publicUrl').val())
			$('#node-config-input-publicUrl').attr('placeholder', location.origin);
	}

	/**
	 * The trigger's palette button, as on the inject node: asks the deployed node to emit the catalogue's sample
	 * of `event` (the first chosen event, or a default) into the flow.
	 */
	function emitSample(node, type, event) {
		if (node.changed) {
			notifyText(
				'Deploy the ' + type + ' first: the sample comes from the deployed node.',
				'warning',
			);
			return;
		}
		$.ajax({
			url: type + '/' + encodeURIComponent(node.id) + '/sample',
			type: 'POST',
			contentType: 'application/json',
			data: JSON.stringify({ event: event }),
		})
			.done(function (r) {
				notifyText('Sample ' + r.event + ' sent by ' + (node.name || type), {
					type: 'success',
					id: type + '-sample',
					timeout: 2000,
				});
			})
			.fail(function (xhr) {
				notifyText(
					'Sample not sent: ' + ((xhr.responseJSON && xhr.responseJSON.message) || xhr.statusText),
					'error',
				);
			});
	}

	/*
	 * A deploy answers before the flows run again: until the runtime says "start", Node-RED makes every node button
	 * ignore the pointer, so a sample press right after Deploy would land on the node and do nothing. Such a press
	 * on one of our triggers is kept and replayed once the flows run (or explained when they were stopped by hand).
	 */
	var SAMPLE_TYPES = ['partnero-trigger', 'partnerstack-trigger'];
	var runtimeState = { state: 'start', deploy: false };
	var heldPress = null;

	function pressedButton(e) {
		var found = null;
		$('.red-ui-flow-node-button-stopped').each(function () {
			var node = this.__data__;
			var button = this.querySelector('.red-ui-flow-node-button-button');
			if (!node || !button || SAMPLE_TYPES.indexOf(node.type) === -1) return;
			var r = button.getBoundingClientRect();
			if (
				e.clientX >= r.left &&
				e.clientX <= r.right &&
				e.clientY >= r.top &&
				e.clientY <= r.bottom
			)
				found = node;
		});
		return found;
	}

	/** Replays a held press once the flows run and the editor has taken the deploy's answer (the node is clean). */
	function replayHeldPress() {
		if (!heldPress || runtimeState.state !== 'start' || heldPress.node.changed) return;
		var press = heldPress;
		heldPress = null;
		// A press older than a minute is not what the user is waiting for any more.
		if (Date.now() - press.at < 60000 && RED.nodes.node(press.node.id) === press.node)
			press.node._def.button.onclick.call(press.node);
	}

	function watchRestarts() {
		if (!window.RED || !RED.events || watchRestarts.done) return;
		watchRestarts.done = true;
		RED.events.on('runtime-state', function (msg) {
			if (!msg || !msg.state) return;
			runtimeState = { state: msg.state, deploy: Boolean(msg.deploy) };
			replayHeldPress();
		});
		RED.events.on('deploy', replayHeldPress);
		document.addEventListener(
			'click',
			function (e) {
				if (runtimeState.state === 'start') return;
				var node = pressedButton(e);
				if (!node) return;
				if (runtimeState.deploy) {
					heldPress = { node: node, at: Date.now() };
					RED.notify(
						'The flows are restarting after the deploy: the sample follows as soon as they run.',
						{ type: 'compact', id: node.type + '-sample', timeout: 2000 },
					);
				} else {
					RED.notify(
						'The flows are stopped: start them, then press the sample button again.',
						'warning',
					);
				}
			},
			true,
		);
	}
	watchRestarts();

	/**
	 * A trigger's `path` validator: refused when it would shadow an editor route or another trigger's path, as the
	 * runtime refuses it at deploy. The answer of the admin route is cached per question, since validators run often
	 * and must answer at once.
	 */
	function pathValidator(type) {
		var prefix = type.split('-')[0];
		return function (v) {
			var node = this;
			var others = [];
			RED.nodes.eachNode(function (n) {
				if (
					n.id !== node.id &&
					(n.type === 'partnero-trigger' || n.type === 'partnerstack-trigger')
				)
					others.push(n.path || n.type.split('-')[0] + '/' + n.id);
			});
			var url =
				type +
				'/path-check?' +
				$.param({ path: v || prefix + '/' + node.id, others: others.join(',') });
			var seen = (RED.partnerhooksPathChecks = RED.partnerhooksPathChecks || {});
			if (!(url in seen)) {
				seen[url] = true;
				$.ajax({
					url: url,
					async: false,
					dataType: 'json',
					success: function (r) {
						seen[url] = r.problem || true;
					},
				});
			}
			return seen[url];
		};
	}

	window.PartnerHooksEditor = {
		pathValidator: pathValidator,
		savedEvents: savedEvents,
		eventPicker: eventPicker,
		testConnection: testConnection,
		publicUrlPlaceholder: publicUrlPlaceholder,
		emitSample: emitSample,
		escapeHtml: escapeHtml,
	};
})();
