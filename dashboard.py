"""The dashboard's entry point (`streamlit run dashboard.py`): the pages of
pages/ in their numbered order, the Overview first. Layout only."""
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Pledge tracker: support to Ukraine", page_icon="🇺🇦", layout="wide")
PAGES = sorted((Path(__file__).parent / "pages").glob("[0-9]*.py"))
st.navigation([st.Page(page, default=n == 0) for n, page in enumerate(PAGES)]).run()
