"""The scaling-strategy catalogue every new workshop starts from (DOMAIN.md, ExpandNet)."""

# (category, Dutch title, English title, Dutch description, English description)
STRATEGIES = (
    ("dissemination", "Lobby bij relevante partijen", "Lobby relevant stakeholders",
     "Beslissers en financiers actief benaderen.", "Approach decision makers and funders actively."),
    ("dissemination", "Informele lobby", "Informal lobbying",
     "Het eigen netwerk benutten om deuren te openen.", "Use your own network to open doors."),
    ("dissemination", "PR en communicatie", "PR and communication",
     "Resultaten en verhalen zichtbaar maken.", "Make results and stories visible."),
    ("dissemination", "Coalition of the willing", "Coalition of the willing",
     "Samenwerken met partijen die willen meedoen.", "Work with the parties that want to take part."),
    ("dissemination", "Businesscase voor meerdere partijen", "Business case serving several parties",
     "Laten zien wat de interventie elke partij oplevert.",
     "Show what the intervention brings each party."),
    ("dissemination", "Goede voorbeelden delen tussen regio's", "Share best practices across regions",
     "Leren van regio's waar het al werkt.", "Learn from regions where it already works."),
    ("financing", "Financiering voor doorontwikkeling, onderzoek en overhead",
     "Funding for further development, research and overhead",
     "Niet alleen de uitvoering, ook wat eromheen nodig is.",
     "Not only delivery, also what it takes around it."),
    ("financing", "Structurele inbedding in de preventie-infrastructuur",
     "Structural embedding in the prevention infrastructure",
     "Van projectgeld naar structurele financiering.", "From project money to structural funding."),
    ("organisation", "De interventie blijven doorontwikkelen", "Keep developing the intervention",
     "Verbeteren op basis van ervaringen.", "Improve on what experience teaches."),
    ("organisation", "Meebewegen met de behoeften van het veld", "Move with the needs of the field",
     "Aansluiten bij wat professionals en doelgroep vragen.",
     "Follow what professionals and the target group ask for."),
    ("organisation", "Aanpassen aan de lokale context", "Fit the local context",
     "Ruimte voor lokale invulling zonder de kern te verliezen.",
     "Room for local adaptation without losing the core."),
    ("organisation", "Inbedden in bestaande structuren", "Embed in existing structures",
     "Bijvoorbeeld een bestaand e-healthplatform of programma.",
     "For example an existing e-health platform or programme."),
    ("organisation", "Kwaliteitskeurmerk en erkenning", "Quality mark and recognition",
     "Erkenning geeft vertrouwen om te investeren.", "Recognition gives the confidence to invest."),
    ("organisation", "Uitvoerders trainen", "Train implementers",
     "Zorgen dat uitvoerders de interventie goed kunnen geven.",
     "Make sure implementers can deliver the intervention well."),
    ("monitoring", "Continu evalueren en bijstellen", "Continuous evaluation and adjustment",
     "Regelmatig meten en de aanpak bijsturen.", "Measure regularly and adjust the approach."),
    ("monitoring", "Weten wat werkt en wat niet", "Know what works and what does not",
     "Effecten en ervaringen verzamelen en delen.", "Collect and share effects and experiences."),
)


def catalog(language: str) -> list[dict]:
    """The catalogue as strategy fields in the workshop's language ('nl' or 'en')."""
    english = language == "en"
    return [
        {"category": category, "title": en if english else nl,
         "description": den if english else dnl, "origin": "catalog"}
        for category, nl, en, dnl, den in STRATEGIES
    ]
