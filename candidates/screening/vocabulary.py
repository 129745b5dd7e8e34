"""What the local analyzer knows: skills with their synonyms, seniority words, languages and levels.

Aliases are matched case-insensitively as whole tokens, except those listed in CASE_SENSITIVE
(short words such as "Go" that are also common English words). Russian words come from
`vocabulary_ru` and are merged into each table below.
"""

import itertools
import re
from functools import cache

from candidates.screening import vocabulary_ru as ru

SKILLS: dict[str, tuple[str, ...]] = {
    # Languages
    "Python": ("python", "python3", "py3"),
    "JavaScript": ("javascript", "js", "ecmascript", "es6", "es2015"),
    "TypeScript": ("typescript", "ts"),
    "Java": ("java", "java 8", "java 11", "java 17", "java 21"),
    "Kotlin": ("kotlin",),
    "Scala": ("scala",),
    "Go": ("golang", "Go"),
    "Rust": ("rust",),
    "C": ("C", "ansi c"),
    "C++": ("c++", "cpp", "c plus plus"),
    "C#": ("c#", "csharp", "c sharp"),
    ".NET": (".net", "dotnet", ".net core", "asp.net"),
    "PHP": ("php",),
    "Ruby": ("ruby",),
    "Swift": ("swift",),
    "Objective-C": ("objective-c", "objc"),
    "Dart": ("dart",),
    "SQL": ("sql",),
    "Bash": ("bash", "shell scripting", "shell scripts", "sh"),
    "R": ("r language", "r programming", "rstudio", "tidyverse", "ggplot2"),
    # Web and back end
    "Django": ("django", "django rest framework", "drf"),
    "Flask": ("flask",),
    "FastAPI": ("fastapi", "fast api"),
    "Celery": ("celery",),
    "Node.js": ("node.js", "nodejs", "node js", "node"),
    "Express": ("express.js", "expressjs"),
    "NestJS": ("nestjs", "nest.js"),
    "Spring": ("spring", "spring boot", "springboot"),
    "Ruby on Rails": ("rails", "ruby on rails", "ror"),
    "Laravel": ("laravel",),
    "React": ("react", "react.js", "reactjs"),
    "React Native": ("react native", "react-native"),
    "Angular": ("angular", "angularjs", "angular.js"),
    "Vue.js": ("vue", "vue.js", "vuejs", "vue 3", "nuxt"),
    "Redux": ("redux",),
    "Next.js": ("next.js", "nextjs"),
    "HTML": ("html", "html5"),
    "CSS": ("css", "css3", "sass", "scss", "less"),
    "Webpack": ("webpack", "vite"),
    "REST APIs": ("restful", "rest api", "rest apis", "openapi"),
    "GraphQL": ("graphql",),
    "gRPC": ("grpc",),
    "Microservices": ("microservices", "microservice", "micro-services"),
    # Data stores and messaging
    "PostgreSQL": ("postgresql", "postgres", "psql", "pg"),
    "MySQL": ("mysql", "mariadb"),
    "SQLite": ("sqlite",),
    "Oracle": ("oracle", "pl/sql"),
    "MS SQL Server": ("sql server", "mssql", "ms sql", "t-sql"),
    "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",),
    "Elasticsearch": ("elasticsearch", "elastic search", "opensearch", "elk"),
    "Cassandra": ("cassandra",),
    "ClickHouse": ("clickhouse",),
    "Kafka": ("kafka", "apache kafka"),
    "RabbitMQ": ("rabbitmq", "rabbit mq", "amqp"),
    # Infrastructure
    "Docker": ("docker", "containers", "containerization", "docker-compose", "docker compose"),
    "Kubernetes": ("kubernetes", "k8s", "kubectl", "openshift", "eks", "gke", "aks"),
    "Helm": ("helm",),
    "Terraform": ("terraform", "infrastructure as code", "iac"),
    "Ansible": ("ansible",),
    "AWS": ("aws", "amazon web services", "ec2", "s3", "lambda"),
    "GCP": ("gcp", "google cloud", "google cloud platform", "bigquery"),
    "Azure": ("azure", "microsoft azure"),
    "Linux": ("linux", "ubuntu", "debian", "centos", "rhel", "unix"),
    "CI/CD": (
        "ci/cd",
        "ci cd",
        "cicd",
        "continuous integration",
        "continuous delivery",
        "jenkins",
        "gitlab ci",
        "github actions",
        "circleci",
    ),
    "Git": ("git", "github", "gitlab", "bitbucket"),
    "Prometheus": ("prometheus",),
    "Grafana": ("grafana",),
    "Nginx": ("nginx",),
    # Data and ML
    "Machine learning": ("machine learning", "ml", "scikit-learn", "sklearn"),
    "Deep learning": ("deep learning", "neural networks", "neural network"),
    "PyTorch": ("pytorch", "torch"),
    "TensorFlow": ("tensorflow", "keras"),
    "Pandas": ("pandas",),
    "NumPy": ("numpy",),
    "Spark": ("spark", "pyspark", "apache spark"),
    "Airflow": ("airflow", "apache airflow"),
    "Statistics": ("statistics", "statistical", "a/b testing", "hypothesis testing"),
    "NLP": ("nlp", "natural language processing"),
    "Computer vision": ("computer vision", "opencv"),
    "Power BI": ("power bi", "powerbi"),
    "Tableau": ("tableau",),
    "Excel": ("excel", "spreadsheets"),
    # Mobile
    "iOS": ("ios",),
    "Android": ("android",),
    "SwiftUI": ("swiftui",),
    "Flutter": ("flutter",),
    # Quality
    "Testing": (
        "unit testing",
        "unit tests",
        "tdd",
        "test-driven development",
        "pytest",
        "jest",
        "junit",
        "automated testing",
        "test automation",
    ),
    "Selenium": ("selenium", "webdriver"),
    "Playwright": ("playwright",),
    "Cypress": ("cypress",),
    # Methods and design
    "Agile": ("agile", "scrum", "kanban"),
    "Figma": ("figma",),
    "UX design": ("ux", "user experience", "ux design", "ui/ux", "usability testing"),
    "Jira": ("jira",),
}

SKILLS.update({skill: (*SKILLS[skill], *aliases) for skill, aliases in ru.SKILL_SYNONYMS.items()})

# "R" is left out on purpose: "R&D" would read as the R language.
CASE_SENSITIVE = frozenset({"Go", "C"})

SENIORITY_LEVELS: dict[str, int] = {
    "intern": 0,
    "internship": 0,
    "trainee": 0,
    "junior": 1,
    "entry-level": 1,
    "entry level": 1,
    "middle": 2,
    "mid-level": 2,
    "mid level": 2,
    "intermediate": 2,
    "senior": 3,
    "sr": 3,
    "lead": 4,
    "team lead": 4,
    "tech lead": 4,
    "principal": 4,
    "staff": 4,
    "architect": 4,
    "head of": 4,
    **ru.SENIORITY_LEVELS,
}
SENIORITY_NAMES = {0: "intern", 1: "junior", 2: "middle", 3: "senior", 4: "lead"}

LANGUAGES: dict[str, tuple[str, ...]] = {
    "English": ("english", "englisch"),
    "German": ("german", "deutsch"),
    "French": ("french", "français", "francais"),
    "Spanish": ("spanish", "español", "espanol"),
    "Italian": ("italian",),
    "Portuguese": ("portuguese",),
    "Dutch": ("dutch",),
    "Polish": ("polish",),
    "Russian": ("russian",),
    "Ukrainian": ("ukrainian",),
    "Turkish": ("turkish",),
    "Arabic": ("arabic",),
    "Chinese": ("chinese", "mandarin"),
    "Japanese": ("japanese",),
}
LANGUAGES.update({name: (*LANGUAGES[name], *aliases) for name, aliases in ru.LANGUAGES.items()})

# Common European Framework levels as numbers; the words people use instead map onto them.
LANGUAGE_LEVELS: dict[str, int] = {
    "a1": 1,
    "a2": 2,
    "b1": 3,
    "b2": 4,
    "c1": 5,
    "c2": 6,
    "basic": 1,
    "beginner": 1,
    "elementary": 2,
    "pre-intermediate": 2,
    "intermediate": 3,
    "conversational": 3,
    "upper-intermediate": 4,
    "upper intermediate": 4,
    "good": 4,
    "professional": 5,
    "business": 5,
    "advanced": 5,
    "fluent": 5,
    "fluently": 5,
    "proficient": 6,
    "full professional": 6,
    "native": 7,
    "mother tongue": 7,
    "bilingual": 7,
    **ru.LANGUAGE_LEVELS,
}
LANGUAGE_LEVEL_NAMES = {1: "A1", 2: "A2", 3: "B1", 4: "B2", 5: "C1", 6: "C2", 7: "native"}

_STOPWORDS = "the and of to in for with on at as by from is was were are have has an a my i our we"
ENGLISH_STOPWORDS = frozenset(_STOPWORDS.split())


def token_pattern(alias: str, *, case_sensitive: bool = False) -> str:
    """A regex that finds `alias` as a whole token: "js" in "JS," but not in "json"."""
    escaped = re.escape(alias).replace(r"\ ", r"[\s\-]+")
    pattern = rf"(?<![\w+#.]){escaped}(?![\w+#]|\.\w)"
    return pattern if case_sensitive else f"(?i:{pattern})"


# Words as CVs write technologies: "c++", "c#", ".net", "node.js", "ci/cd", "html5", "k8s", "питон".
TOKEN = re.compile(
    r"\.?[A-Za-z0-9\u0400-\u04ff][A-Za-z0-9\u0400-\u04ff+#]*(?:[.\-/][A-Za-z0-9\u0400-\u04ff+#]+)*"
)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MAX_ALIAS_TOKENS = 4


@cache
def skill_aliases() -> tuple[dict[str, str], dict[str, str]]:
    """Alias (its tokens joined by one space) -> skill: case-insensitive ones, then exact-case ones."""
    folded, exact = {}, {}
    for skill, aliases in SKILLS.items():
        for alias in aliases:
            key = " ".join(TOKEN.findall(alias))
            if alias in CASE_SENSITIVE:
                exact[key] = skill
            else:
                folded[key.lower()] = skill
    return folded, exact


def skills_found(text: str) -> dict[str, str]:
    """Skills named in the text, in order of first appearance, with the words that named them.

    A dictionary lookup per word (and per run of up to four words), longest run first, so
    "React Native" is not read as "React" and "JSON" is never "JS".
    """
    folded, exact = skill_aliases()
    tokens = list(TOKEN.finditer(text))
    found: dict[str, str] = {}
    index = 0
    while index < len(tokens):
        for size in range(min(MAX_ALIAS_TOKENS, len(tokens) - index), 0, -1):
            run = tokens[index : index + size]
            if size > 1 and not all(
                text[left.end() : right.start()].strip(" -") == "" for left, right in itertools.pairwise(run)
            ):
                continue
            key = " ".join(token.group(0) for token in run)
            skill = folded.get(key.lower()) or exact.get(key)
            if skill:
                found.setdefault(skill, text[run[0].start() : run[-1].end()])
                index += size
                break
        else:
            # "HTML/CSS", "React/Redux", "Python-разработчик": a word joining skills and other words.
            word = tokens[index].group(0)
            if "/" in word or ("-" in word and CYRILLIC.search(word)):
                for part in re.split(r"[/-]" if CYRILLIC.search(word) else "/", word):
                    skill = folded.get(part.lower()) or exact.get(part)
                    if skill:
                        found.setdefault(skill, part)
            index += 1
    return found


@cache
def language_regexes() -> dict[str, re.Pattern[str]]:
    return {
        name: re.compile("|".join(token_pattern(alias) for alias in aliases))
        for name, aliases in LANGUAGES.items()
    }


@cache
def _language_words() -> frozenset[str]:
    return frozenset(alias.split()[0].lower() for aliases in LANGUAGES.values() for alias in aliases)


def names_a_language(line: str) -> bool:
    """A quick word-set check before the language patterns: most lines name no language."""
    return not _language_words().isdisjoint(re.findall(r"[^\W\d_]+", line.lower()))


@cache
def level_regex() -> re.Pattern[str]:
    words = sorted(LANGUAGE_LEVELS, key=len, reverse=True)
    return re.compile("|".join(token_pattern(word) for word in words))


@cache
def seniority_regex() -> re.Pattern[str]:
    words = sorted(SENIORITY_LEVELS, key=len, reverse=True)
    return re.compile("|".join(token_pattern(word) for word in words))
