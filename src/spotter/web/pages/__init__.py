"""One module per page (an APIRouter each), collected by `web/router.py`."""
