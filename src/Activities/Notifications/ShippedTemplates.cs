namespace Orchestrator.Activities.Notifications;

/// <summary>
/// The English defaults for the product's own messages, used when no <c>template</c> document overrides them. They see
/// the notification's model (<c>ticket</c>, <c>customer</c>, <c>escalation</c>, <c>incident</c>, <c>task</c>,
/// <c>handoff</c>, <c>agent</c>) and the <c>recipient</c> (<c>id</c>, <c>name</c>, <c>locale</c>).
/// </summary>
internal static class ShippedTemplates
{
    private const string Signature = """

        Kind regards,
        {{ agent.name | default: "The support team" }}
        """;

    private static readonly MessageTemplate[] All =
    [
        Email(
            "initial-response",
            "Re: {{ ticket.subject }} - Ticket #{{ ticket.id }}",
            """
            Hello {{ customer.name | default: recipient.name }},

            Thanks for getting in touch with support. We understand that {{ ticket.summary | default: "you need help with your account" }}.

            {{ ticket.assessment | default: "We have reviewed your request and started working on it." }}
            {% if ticket.nextSteps %}{{ ticket.nextSteps }}
            {% endif %}
            We will keep you informed and aim to resolve this within {{ ticket.resolutionTarget | default: "our agreed service levels" }}. If you have anything that could help us, just reply to this message.
            """ + Signature + """


            Ticket #{{ ticket.id }} | Priority: {{ ticket.priority }} | Status: {{ ticket.status }}
            """),
        Sms("initial-response", "Ticket #{{ ticket.id }} received ({{ ticket.priority }}). We are on it and will update you within {{ ticket.resolutionTarget | default: \"our service levels\" }}."),

        Email(
            "internal-escalation",
            "Escalation - {{ ticket.issueType | default: \"Issue\" }} - Ticket #{{ ticket.id }}",
            """
            Escalated to: {{ escalation.team | default: recipient.name }}
            Escalated by: {{ agent.name | default: "the escalation workflow" }}

            Issue
            - Customer: {{ customer.name }}{% if customer.organization %} ({{ customer.organization }}){% endif %}
            - Type: {{ ticket.issueType }}
            - Priority: {{ ticket.priority }}
            - Business impact: {{ escalation.businessImpact }}

            What has been tried
            - Steps taken: {{ escalation.stepsTaken }}
            - Current status: {{ ticket.status }}
            - Effect on the customer: {{ escalation.userImpact }}

            Why it is escalated
            - {{ escalation.reason }}
            {% if escalation.resourcesNeeded %}- Needs: {{ escalation.resourcesNeeded }}
            {% endif %}{% if escalation.deadline %}- By: {{ escalation.deadline }}
            {% endif %}
            Next actions
            - {{ escalation.nextActions | default: "Acknowledge and take ownership of the ticket." }}

            Follow-up contact: {{ agent.contact | default: agent.email }}
            """),
        Sms("internal-escalation", "ESCALATION {{ ticket.priority }} ticket #{{ ticket.id }}: {{ escalation.reason }}. Please acknowledge."),

        Email(
            "customer-escalation-update",
            "Update on your support ticket #{{ ticket.id }}",
            """
            Hello {{ customer.name | default: recipient.name }},

            Thank you for your patience. Here is where your ticket stands.

            {{ ticket.statusSummary }}
            {% if escalation.actions %}{{ escalation.actions }}
            {% endif %}{% if ticket.expectedResolution %}We expect to resolve it by {{ ticket.expectedResolution }}.
            {% endif %}
            {{ escalation.owner | default: "Our senior support team" }} is now personally overseeing your case so that it is resolved as quickly as possible.

            We will keep watching it and send you an update every {{ escalation.updateInterval | default: "business day" }}. If you have questions in the meantime, reply to this message.
            """ + Signature),
        Sms("customer-escalation-update", "Update on ticket #{{ ticket.id }}: {{ ticket.statusSummary }} Next update within {{ escalation.updateInterval | default: \"one business day\" }}."),

        Email(
            "status-update",
            "[{{ incident.severity | default: ticket.priority }}] Status update: {{ incident.title | default: ticket.subject }}",
            """
            Status: {{ incident.status | default: ticket.status }}
            {% if incident.impact %}Impact: {{ incident.impact }}
            {% endif %}
            {{ incident.update | default: ticket.statusSummary }}

            Next update: {{ incident.nextUpdate | default: "as soon as there is news" }}
            {%- if acknowledgeUrl %}

            Acknowledge: {{ acknowledgeUrl }}
            {%- endif %}
            """ + Signature),
        Sms("status-update", "[{{ incident.severity | default: ticket.priority }}] {{ incident.title | default: ticket.subject }}: {{ incident.status | default: ticket.status }}. Next update {{ incident.nextUpdate | default: \"soon\" }}.{% if acknowledgeUrl %} Ack: {{ acknowledgeUrl }}{% endif %}"),

        Email(
            "handoff-notice",
            "Handoff to {{ handoff.to }}: ticket #{{ ticket.id }} ({{ ticket.priority }})",
            """
            {{ handoff.from | default: "The previous team" }} is handing ticket #{{ ticket.id }} over to {{ handoff.to | default: recipient.name }}.

            - Customer: {{ customer.name }}
            - Priority: {{ ticket.priority }}
            - Status: {{ ticket.status }}
            - Reason: {{ handoff.reason }}
            {% if handoff.stepsTaken %}- Steps taken: {{ handoff.stepsTaken }}
            {% endif %}{% if handoff.notes %}- Notes: {{ handoff.notes }}
            {% endif %}
            Please accept the handoff{% if handoff.acceptBy %} by {{ handoff.acceptBy }}{% endif %}{% if handoff.acceptUrl %}: {{ handoff.acceptUrl }}{% endif %}.
            """),
        Sms("handoff-notice", "Handoff: ticket #{{ ticket.id }} ({{ ticket.priority }}) to {{ handoff.to }}. Please accept{% if handoff.acceptBy %} by {{ handoff.acceptBy }}{% endif %}."),

        Email(
            "escalation-page",
            "[{{ ticket.priority }}] Please acknowledge: ticket #{{ ticket.id }}{% if ticket.subject %} - {{ ticket.subject }}{% endif %}",
            """
            Hello {{ personName | default: recipient.name }},

            Ticket #{{ ticket.id }} ({{ ticket.priority }}{% if ticket.category %}, {{ ticket.category }}{% endif %}) needs someone to take it.
            {% if customer.name %}Customer: {{ customer.name }}
            {% endif %}You are paged at level {{ level }} of the escalation (round {{ round }}).

            Acknowledge{% if acknowledgeUrl %}: {{ acknowledgeUrl }}{% else %} with POST /api/escalations/{{ escalationKey }}/acknowledge{% endif %}
            """),
        Sms("escalation-page", "PAGE {{ ticket.priority }} ticket #{{ ticket.id }}{% if ticket.category %} ({{ ticket.category }}){% endif %}, level {{ level }}. Ack: {{ acknowledgeUrl | default: escalationKey }}"),

        Email(
            "follow-the-sun-handoff",
            "Follow-the-sun handoff to {{ region }}: ticket #{{ ticketId }}",
            """
            {{ fromRegion }} is closing its shift and hands ticket #{{ ticketId }} to {{ region }} (open from {{ opensAt }}).

            {% if ticket.priority %}- Priority: {{ ticket.priority }}
            {% endif %}{% if ticket.status %}- Status: {{ ticket.status }}
            {% endif %}{% if customer.name %}- Customer: {{ customer.name }}
            {% endif %}
            Please accept the handoff: POST /api/handoffs/{{ ticketId }}/accept
            """),
        Sms("follow-the-sun-handoff", "Handoff {{ fromRegion }} -> {{ region }}: ticket #{{ ticketId }}. Please accept."),

        Email(
            "task-reminder",
            "Reminder: {{ task.title }} is due {{ task.dueAt }}",
            """
            Hello {{ recipient.name }},

            The task "{{ task.title }}"{% if task.accountId %} for account {{ task.accountId }}{% endif %} is due {{ task.dueAt }}{% if task.status == "overdue" %} and is overdue{% endif %}.
            {% if task.description %}
            {{ task.description }}
            {% endif %}{% if task.url %}
            Open it here: {{ task.url }}
            {% endif %}
            """),
        Sms("task-reminder", "Reminder: \"{{ task.title }}\" is due {{ task.dueAt }}{% if task.status == \"overdue\" %} (overdue){% endif %}."),

        // Orchestrator.AssignTask sends it when a task is assigned or reassigned; its model is the task record.
        Email(
            "task-assigned",
            "{% if event == \"reassigned\" %}Reassigned to you{% else %}New task{% endif %}: {{ task.title }}",
            """
            Hello {{ recipient.name }},

            The task "{{ task.title }}"{% if task.accountId %} for account {{ task.accountId }}{% endif %} is yours{% if task.dueAt %}, due {{ task.dueAt }}{% endif %}.
            {% if task.description %}
            {{ task.description }}
            {% endif %}
            """),
        Sms("task-assigned", "New task: \"{{ task.title }}\"{% if task.dueAt %}, due {{ task.dueAt }}{% endif %}."),
    ];

    private static readonly Dictionary<(string Name, string Channel), MessageTemplate> ByName =
        All.ToDictionary(t => (t.Name, t.Channel));

    public static IEnumerable<MessageTemplate> Templates => All;

    public static MessageTemplate? Find(string name, string channel) => ByName.GetValueOrDefault((name, channel));

    private static MessageTemplate Email(string name, string subject, string body) => new(name, NotificationChannels.Email, "en", subject, body);

    private static MessageTemplate Sms(string name, string body) => new(name, NotificationChannels.Sms, "en", null, body);
}
