# The seed's Python (Flask) sample, its request as written; the Flask route around it is
# replaced by a direct call.
import os, requests
r = requests.get( "https://api.secretcryptos.com/v1/meta/mixer", headers={"Authorization": f"Bearer {os.environ['SECRETCRYPTOS_API_KEY']}"} )
print(r.status_code)
print(r.content.decode())
