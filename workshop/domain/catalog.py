"""The scaling-strategy catalogue every new workshop starts from (DOMAIN.md, ExpandNet)."""

# (key, category, Dutch title, English title, Dutch description, English description); the key
# names a built-in strategy in both languages (`catalog_key`), so each reader sees it in their own.
STRATEGIES = (
    ("lobby", "dissemination", "Lobby bij relevante partijen", "Lobby relevant stakeholders",
     "Beslissers en financiers actief benaderen.", "Approach decision makers and funders actively."),
    ("informal_lobby", "dissemination", "Informele lobby", "Informal lobbying",
     "Het eigen netwerk benutten om deuren te openen.", "Use your own network to open doors."),
    ("pr", "dissemination", "PR en communicatie", "PR and communication",
     "Resultaten en verhalen zichtbaar maken.", "Make results and stories visible."),
    ("coalition", "dissemination", "Coalition of the willing", "Coalition of the willing",
     "Samenwerken met partijen die willen meedoen.", "Work with the parties that want to take part."),
    ("business_case", "dissemination",
     "Businesscase voor meerdere partijen", "Business case serving several parties",
     "Laten zien wat de interventie elke partij oplevert.",
     "Show what the intervention brings each party."),
    ("best_practices", "dissemination",
     "Goede voorbeelden delen tussen regio's", "Share best practices across regions",
     "Leren van regio's waar het al werkt.", "Learn from regions where it already works."),
    ("funding", "financing", "Financiering voor doorontwikkeling, onderzoek en overhead",
     "Funding for further development, research and overhead",
     "Niet alleen de uitvoering, ook wat eromheen nodig is.",
     "Not only delivery, also what it takes around it."),
    ("embedding_prevention", "financing", "Structurele inbedding in de preventie-infrastructuur",
     "Structural embedding in the prevention infrastructure",
     "Van projectgeld naar structurele financiering.", "From project money to structural funding."),
    ("keep_developing", "organisation",
     "De interventie blijven doorontwikkelen", "Keep developing the intervention",
     "Verbeteren op basis van ervaringen.", "Improve on what experience teaches."),
    ("needs_of_field", "organisation",
     "Meebewegen met de behoeften van het veld", "Move with the needs of the field",
     "Aansluiten bij wat professionals en doelgroep vragen.",
     "Follow what professionals and the target group ask for."),
    ("local_context", "organisation", "Aanpassen aan de lokale context", "Fit the local context",
     "Ruimte voor lokale invulling zonder de kern te verliezen.",
     "Room for local adaptation without losing the core."),
    ("existing_structures", "organisation",
     "Inbedden in bestaande structuren", "Embed in existing structures",
     "Bijvoorbeeld een bestaand e-healthplatform of programma.",
     "For example an existing e-health platform or programme."),
    ("quality_mark", "organisation", "Kwaliteitskeurmerk en erkenning", "Quality mark and recognition",
     "Erkenning geeft vertrouwen om te investeren.", "Recognition gives the confidence to invest."),
    ("train_implementers", "organisation", "Uitvoerders trainen", "Train implementers",
     "Zorgen dat uitvoerders de interventie goed kunnen geven.",
     "Make sure implementers can deliver the intervention well."),
    ("evaluate_adjust", "monitoring",
     "Continu evalueren en bijstellen", "Continuous evaluation and adjustment",
     "Regelmatig meten en de aanpak bijsturen.", "Measure regularly and adjust the approach."),
    ("what_works", "monitoring", "Weten wat werkt en wat niet", "Know what works and what does not",
     "Effecten en ervaringen verzamelen en delen.", "Collect and share effects and experiences."),
)


def catalog(language: str) -> list[dict]:
    """The catalogue as strategy fields in the workshop's language ('nl' or 'en')."""
    english = language == "en"
    return [
        {"category": category, "title": en if english else nl,
         "description": den if english else dnl, "origin": "catalog"}
        for _, category, nl, en, dnl, den in STRATEGIES
    ]


# (title, description) in either language -> key: a strategy is built-in while both are as the
# catalogue wrote them; once someone retypes either, it is theirs and stays as typed.
_BY_TEXT = {(title, description): key for key, _, nl, en, dnl, den in STRATEGIES
            for title, description in ((nl, dnl), (en, den))}


def key_of(title: str, description: str | None) -> str | None:
    """The catalogue key of a strategy whose title and description are the catalogue's, else None."""
    return _BY_TEXT.get((title, description))


def texts(language: str) -> dict[str, str]:
    """`strategy.<key>.title` / `.description` for the translation catalogue."""
    english = language == "en"
    result = {}
    for key, _, nl, en, dnl, den in STRATEGIES:
        result[f"strategy.{key}.title"] = en if english else nl
        result[f"strategy.{key}.description"] = den if english else dnl
    return result
